// AboutDialog: Help > About asgiscope: what it is, and the versions it was built with and
// runs on, with a button that copies them for a bug report.
#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace asgiscope::ui {

/// The About dialog.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    /// The versions as the dialog shows them (and Copy puts on the clipboard).
    QString versionsText() const;

public slots:
    /// Puts versionsText() on the clipboard.
    void copyVersions();

private:
    QPlainTextEdit* versions_;
};

}  // namespace asgiscope::ui
