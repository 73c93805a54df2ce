#include "replay/replay_panel.hpp"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "models/replay_results_model.hpp"
#include "models/replay_runner.hpp"
#include "replay/edit_request_dialog.hpp"

namespace asgiscope::ui {

namespace {

const QColor removedColor(0xfd, 0xe0, 0xe0);
const QColor addedColor(0xdc, 0xf5, 0xdc);
const QColor changedFieldColor(0xff, 0xf0, 0xc8);

QTableWidgetItem* item(const QString& text, const QColor& background = {}) {
    auto* i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (background.isValid()) i->setBackground(background);
    return i;
}

QString modeText(DiffBodyMode mode) {
    switch (mode) {
        case DiffBodyMode::Empty:
            return ReplayPanel::tr("empty");
        case DiffBodyMode::Text:
            return ReplayPanel::tr("text");
        case DiffBodyMode::Json:
            return ReplayPanel::tr("JSON, pretty-printed");
        case DiffBodyMode::Binary:
            return ReplayPanel::tr("binary, hex summary");
    }
    return {};
}

}  // namespace

ReplayPanel::ReplayPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("replayPanel"));
    model_ = new ReplayResultsModel(this);
    runner_ = new ReplayRunner(this);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    target_ = new QLineEdit(this);
    target_->setObjectName(QStringLiteral("replayTarget"));
    target_->setPlaceholderText(tr("http://127.0.0.1:8000"));
    target_->setToolTip(tr(
        "The server requests are replayed against; each recorded URL keeps its path and query."));
    replayAll_ = new QPushButton(tr("Replay all"), this);
    again_ = new QPushButton(tr("Replay again"), this);
    again_->setObjectName(QStringLiteral("replayAgainButton"));
    edit_ = new QPushButton(tr("Edit and replay…"), this);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("replayProgress"));
    progress_->setTextVisible(true);
    progress_->setFormat(tr("%v of %m"));
    progress_->setMaximumWidth(220);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("replayCancel"));
    cancel_->setEnabled(false);
    summary_ = new QLabel(
        tr("Select rows in Traffic and choose Replay, or File > Replay from file…"), this);
    summary_->setObjectName(QStringLiteral("replaySummary"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Target"), this));
    bar->addWidget(target_, 1);
    bar->addWidget(replayAll_);
    bar->addWidget(again_);
    bar->addWidget(edit_);
    bar->addWidget(progress_);
    bar->addWidget(cancel_);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("replayResults"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(ReplayResultsModel::UrlColumn,
                                                     QHeaderView::Stretch);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);

    comparisonTitle_ = new QLabel(this);
    fields_ = new QTableWidget(0, 3, this);
    fields_->setObjectName(QStringLiteral("replayFields"));
    fields_->setHorizontalHeaderLabels({tr("Field"), tr("Original"), tr("Replayed")});
    fields_->verticalHeader()->hide();
    fields_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    fields_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    fields_->setFont(mono);
    differences_ = new QLabel(this);
    differences_->setObjectName(QStringLiteral("replayDifferences"));
    differences_->setWordWrap(true);
    differences_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bodyTitle_ = new QLabel(this);
    diff_ = new QTableWidget(0, 4, this);
    diff_->setObjectName(QStringLiteral("replayBodyDiff"));
    diff_->setHorizontalHeaderLabels({tr("#"), tr("Original body"), tr("#"), tr("Replayed body")});
    diff_->verticalHeader()->hide();
    diff_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    diff_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    diff_->setFont(mono);
    diff_->setWordWrap(false);
    diff_->verticalHeader()->setDefaultSectionSize(diff_->fontMetrics().height() + 4);

    auto* comparison = new QWidget(this);
    auto* cl = new QVBoxLayout(comparison);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(comparisonTitle_);
    cl->addWidget(fields_, 2);
    cl->addWidget(differences_);
    cl->addWidget(bodyTitle_);
    cl->addWidget(diff_, 3);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(comparison);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);

    connect(replayAll_, &QPushButton::clicked, this, &ReplayPanel::replayAll);
    connect(again_, &QPushButton::clicked, this, [this] { replayAgain(currentRow()); });
    connect(edit_, &QPushButton::clicked, this, [this] { editAndReplay(currentRow()); });
    connect(cancel_, &QPushButton::clicked, this, &ReplayPanel::cancel);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ReplayPanel::showComparison);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from) {
        if (from.row() == currentRow()) showComparison();
        updateSummary();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        showComparison();
        updateSummary();
    });
    connect(runner_, &ReplayRunner::rowStarted, model_, &ReplayResultsModel::setRunning);
    connect(runner_, &ReplayRunner::resultReady, model_, &ReplayResultsModel::setResult);
    connect(runner_, &ReplayRunner::progress, this, [this](int done, int total) {
        progress_->setMaximum(total);
        progress_->setValue(done);
    });
    connect(runner_, &ReplayRunner::finished, this, [this](bool cancelled) {
        if (cancelled) model_->skipUnfinished();
        setBusy(false);
        updateSummary();
        emit batchFinished(cancelled);
    });
    connect(runner_, &ReplayRunner::failed, this, [this](const QString& message) {
        summary_->setText(message);
        emit errorOccurred(message);
    });
    setBusy(false);
    showComparison();
}

QString ReplayPanel::target() const {
    return target_->text().trimmed();
}
QString ReplayPanel::summaryText() const {
    return summary_->text();
}

int ReplayPanel::currentRow() const {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ReplayPanel::setTarget(const QString& url) {
    target_->setText(url);
}

void ReplayPanel::setRecordings(std::vector<trace::Exchange> exchanges) {
    if (runner_->isRunning()) runner_->cancel();
    model_->setExchanges(std::move(exchanges));
    if (model_->rowCount() > 0) selectRow(0);
    summary_->setText(tr("%n request(s) to replay.", nullptr, model_->rowCount()));
}

void ReplayPanel::replay(std::vector<trace::Exchange> exchanges) {
    if (runner_->isRunning()) {
        emit errorOccurred(tr("A replay is already under way: wait for it or cancel it first."));
        return;
    }
    setRecordings(std::move(exchanges));
    replayAll();
}

void ReplayPanel::replayAll() {
    std::vector<int> rows;
    for (int r = 0; r < model_->rowCount(); ++r) rows.push_back(r);
    startRows(rows);
}

void ReplayPanel::replayAgain(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    startRows({row});
}

void ReplayPanel::startRows(const std::vector<int>& rows) {
    if (rows.empty()) return;
    std::vector<std::pair<int, trace::Exchange>> batch;
    batch.reserve(rows.size());
    for (int r : rows) batch.emplace_back(r, model_->exchange(r));
    progress_->setMaximum(static_cast<int>(rows.size()));
    progress_->setValue(0);
    if (!runner_->start(std::move(batch), target())) return;
    setBusy(true);
    summary_->setText(
        tr("Replaying %n request(s) against %1…", nullptr, static_cast<int>(rows.size()))
            .arg(target()));
}

void ReplayPanel::editAndReplay(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    auto* dialog = new EditRequestDialog(model_->exchange(row).request, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        const auto request = dialog->request();
        if (!request || row >= model_->rowCount()) return;
        model_->setRequest(row, *request);
        replayAgain(row);
    });
    dialog->open();
}

void ReplayPanel::cancel() {
    runner_->cancel();
}

void ReplayPanel::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    table_->selectionModel()->setCurrentIndex(
        model_->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ReplayPanel::setBusy(bool busy) {
    cancel_->setEnabled(busy);
    progress_->setVisible(busy || progress_->value() > 0);
    replayAll_->setEnabled(!busy && model_->rowCount() > 0);
    again_->setEnabled(!busy);
    edit_->setEnabled(!busy);
}

void ReplayPanel::updateSummary() {
    if (runner_->isRunning() || model_->rowCount() == 0) return;
    summary_->setText(model_->summary());
    replayAll_->setEnabled(model_->rowCount() > 0);
}

void ReplayPanel::showComparison() {
    fields_->setRowCount(0);
    diff_->setRowCount(0);
    differences_->clear();
    bodyTitle_->clear();
    const int row = currentRow();
    if (row < 0) {
        comparisonTitle_->setText(tr("Select a replayed request to compare it with the original."));
        return;
    }
    const auto& recorded = model_->exchange(row);
    const auto& result = model_->result(row);
    comparisonTitle_->setText(
        tr("%1 %2: %3")
            .arg(model_->index(row, ReplayResultsModel::MethodColumn).data().toString(),
                 QString::fromStdString(recorded.request.url),
                 ReplayResultsModel::verdictText(model_->verdict(row))));
    if (!result) return;
    const ReplayComparison c = compareForDisplay(recorded, *result);
    for (const ComparisonField& f : c.fields) {
        const int r = fields_->rowCount();
        fields_->insertRow(r);
        const QColor bg = f.differs ? changedFieldColor : QColor();
        fields_->setItem(r, 0, item(f.name, bg));
        fields_->setItem(r, 1, item(f.original.isEmpty() ? tr("(absent)") : f.original, bg));
        fields_->setItem(r, 2, item(f.replayed.isEmpty() ? tr("(absent)") : f.replayed, bg));
    }
    fields_->resizeColumnToContents(0);
    QStringList lines;
    if (!c.error.isEmpty()) lines << tr("Error: %1").arg(c.error);
    for (const QString& d : c.differences) lines << QStringLiteral("• ") + d;
    for (const QString& n : c.notes) lines << tr("Note: %1").arg(n);
    differences_->setText(lines.join(QLatin1Char('\n')));
    differences_->setVisible(!lines.isEmpty());

    QString title =
        tr("Body: original %1, replayed %2; %n changed line(s)", nullptr, c.bodyDiff.changedRows())
            .arg(modeText(c.originalBody.mode), modeText(c.replayedBody.mode));
    if (c.bodyDiff.approximate)
        title +=
            tr(" (too large for a line-by-line match: the differing middle is shown as one block)");
    bodyTitle_->setText(title);
    diff_->setRowCount(static_cast<int>(c.bodyDiff.rows.size()));
    int r = 0;
    for (const DiffRow& d : c.bodyDiff.rows) {
        const bool leftChanged =
            d.kind == DiffRow::Kind::Removed || d.kind == DiffRow::Kind::Changed;
        const bool rightChanged =
            d.kind == DiffRow::Kind::Added || d.kind == DiffRow::Kind::Changed;
        const QColor lb = leftChanged ? removedColor : QColor();
        const QColor rb = rightChanged ? addedColor : QColor();
        diff_->setItem(r, 0, item(d.leftLine ? QString::number(d.leftLine) : QString(), lb));
        diff_->setItem(r, 1, item(d.left, lb));
        diff_->setItem(r, 2, item(d.rightLine ? QString::number(d.rightLine) : QString(), rb));
        diff_->setItem(r, 3, item(d.right, rb));
        ++r;
    }
    diff_->resizeColumnToContents(0);
    diff_->resizeColumnToContents(2);
}

}  // namespace asgiscope::ui
