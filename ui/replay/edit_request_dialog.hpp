// EditRequestDialog: a minimal editor for one request before it is replayed: method, URL,
// headers (one "Name: value" a line) and body as text.
#pragma once

#include <optional>

#include <QDialog>

#include <asgiscope/trace/exchange.hpp>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace asgiscope::ui {

/// Edits a trace::RequestRecord; OK is refused (with the reason shown) while the request is
/// not valid.
class EditRequestDialog : public QDialog {
    Q_OBJECT
public:
    explicit EditRequestDialog(const trace::RequestRecord& request, QWidget* parent = nullptr);

    /// The edited request, or nullopt with error() saying why it is not valid.
    std::optional<trace::RequestRecord> request() const;
    QString error() const { return error_; }

    QComboBox* methodBox() const { return method_; }
    QLineEdit* urlEdit() const { return url_; }
    QPlainTextEdit* headersEdit() const { return headers_; }
    QPlainTextEdit* bodyEdit() const { return body_; }

public slots:
    void accept() override;

private:
    trace::RequestRecord original_;
    QComboBox* method_;
    QLineEdit* url_;
    QPlainTextEdit* headers_;
    QPlainTextEdit* body_;
    QLabel* errorLabel_;
    QDialogButtonBox* buttons_;
    mutable QString error_;
};

}  // namespace asgiscope::ui
