#include "log_panel.hpp"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "models/log_model.hpp"

namespace asgiscope::ui {

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent),
      model_(new LogModel(this)),
      filter_(new LogFilterModel(this)),
      level_(new QComboBox(this)),
      text_(new QLineEdit(this)),
      view_(new QTableView(this)) {
    setObjectName(QStringLiteral("logPanel"));
    filter_->setSourceModel(model_);
    level_->addItem(tr("All levels"), int(server::LogLevel::Trace));
    level_->addItem(tr("Info and above"), int(server::LogLevel::Info));
    level_->addItem(tr("Warnings and errors"), int(server::LogLevel::Warning));
    level_->addItem(tr("Errors only"), int(server::LogLevel::Error));
    text_->setPlaceholderText(tr("Filter log lines"));
    text_->setClearButtonEnabled(true);
    auto* clear = new QPushButton(tr("Clear"), this);
    view_->setObjectName(QStringLiteral("logView"));
    view_->setModel(filter_);
    view_->setShowGrid(false);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 4);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->setColumnWidth(LogModel::TimeColumn,
                          view_->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000  ")));
    view_->setColumnWidth(LogModel::LevelColumn,
                          view_->fontMetrics().horizontalAdvance(QStringLiteral("warning  ")));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Level"), this));
    bar->addWidget(level_);
    bar->addWidget(text_, 1);
    bar->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(view_);

    connect(level_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->setMinimumLevel(server::LogLevel(level_->currentData().toInt())); });
    connect(text_, &QLineEdit::textChanged, filter_, &LogFilterModel::setText);
    connect(clear, &QPushButton::clicked, this, &LogPanel::clear);
}

void LogPanel::setMinimumLevel(server::LogLevel level) {
    const int i = level_->findData(int(level));
    if (i >= 0) level_->setCurrentIndex(i);
}

void LogPanel::appendLines(const QVector<LogLine>& lines) {
    QScrollBar* bar = view_->verticalScrollBar();
    const bool at_bottom = bar->value() >= bar->maximum() - 2;
    model_->appendLines(lines);
    if (at_bottom) view_->scrollToBottom();
}

void LogPanel::clear() {
    model_->clear();
}

}  // namespace asgiscope::ui
