// MatchTester: method + URL (+ Host) → how the application routes it, route by route
// (inspect::explain_match), and a url_for line (inspect::url_for).
#pragma once

#include <optional>

#include <QWidget>

#include <asgiscope/web/applications.hpp>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace asgiscope::ui {

class MatchModel;

/// The match tester under the route tree (UI.md "Routes and the match tester").
class MatchTester : public QWidget {
    Q_OBJECT
public:
    explicit MatchTester(QWidget* parent = nullptr);

    /// The application whose routes are explained; names for url_for are completed from it.
    void setApplication(const web::Starlette& app);
    /// Where the server runs: relative URLs are shown against it ("http://127.0.0.1:8000").
    void setBaseUrl(const QString& url);

    MatchModel* model() const { return model_; }
    QString outcomeText() const;
    QString redirectSlashesText() const;
    QString urlForText() const;
    /// Whether the last url_for answer was an error.
    bool urlForFailed() const { return url_for_failed_; }

public slots:
    /// Fills the fields and explains (method "WS" for a WebSocket handshake).
    void explain(const QString& method, const QString& url, const QString& host = {});
    /// Explains what the fields hold.
    void explainFields();
    /// Resolves `name` with "id=7, name=x" style parameters.
    void urlFor(const QString& name, const QString& params);
    void urlForFields();

private:
    std::optional<web::Starlette> app_;
    MatchModel* model_;
    QComboBox* method_;
    QLineEdit* url_;
    QLineEdit* host_;
    QPushButton* explain_button_;
    QTreeView* view_;
    QLabel* redirect_;
    QLabel* outcome_;
    QLineEdit* name_;
    QLineEdit* params_;
    QLabel* url_for_;
    bool url_for_failed_ = false;
};

}  // namespace asgiscope::ui
