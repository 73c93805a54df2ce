#include "dialogs/about_dialog.hpp"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "dialogs/build_info.hpp"

namespace asgiscope::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent), versions_(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About asgiscope"));
    auto* icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    auto* text = new QLabel(
        tr("<h3>asgiscope</h3><p>An ASGI server and a Starlette-like framework with tracing: see "
           "every message cross every layer of an application.</p>"),
        this);
    text->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);

    versions_->setObjectName(QStringLiteral("aboutVersions"));
    versions_->setReadOnly(true);
    versions_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    versions_->setPlainText(buildInfoText());
    versions_->setMinimumSize(460, 170);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("aboutCopyButton"));
    copy->setToolTip(tr("Copy the versions for a bug report"));
    connect(copy, &QPushButton::clicked, this, &AboutDialog::copyVersions);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(new QLabel(tr("Versions:"), this));
    layout->addWidget(versions_, 1);
    layout->addWidget(buttons);
}

QString AboutDialog::versionsText() const { return versions_->toPlainText(); }

void AboutDialog::copyVersions() { QGuiApplication::clipboard()->setText(versionsText()); }

}  // namespace asgiscope::ui
