// ReplayPanel: the Replay dock. Replays a batch of recorded requests against a target (the
// running server by default) off the GUI thread, with a progress bar and Cancel, lists each
// request with its original and replayed status and a verdict, and shows the selected row's
// comparison: status and the headers that matter side by side, and the body diff side by side
// with the changed lines highlighted. "Replay again" and "Edit and replay…" work on one row.
#pragma once

#include <vector>

#include <QWidget>

#include <asgiscope/trace/exchange.hpp>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTableWidget;

namespace asgiscope::ui {

class ReplayResultsModel;
class ReplayRunner;

/// The Replay panel.
class ReplayPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReplayPanel(QWidget* parent = nullptr);

    ReplayResultsModel* model() const { return model_; }
    ReplayRunner* runner() const { return runner_; }
    QTableView* resultsTable() const { return table_; }
    /// The comparison: status and headers (Field, Original, Replayed).
    QTableWidget* fieldsTable() const { return fields_; }
    /// The body diff (line, original, line, replayed).
    QTableWidget* bodyDiffTable() const { return diff_; }
    QProgressBar* progressBar() const { return progress_; }
    QPushButton* cancelButton() const { return cancel_; }
    QString target() const;
    /// The summary line under the toolbar ("3 requests: 3 same, ...").
    QString summaryText() const;
    /// The selected row, or -1.
    int currentRow() const;

public slots:
    /// Where requests go: "http://127.0.0.1:8000" (the window sets the running server's URL).
    void setTarget(const QString& url);
    /// Replaces the list with these recordings and replays them all.
    void replay(std::vector<asgiscope::trace::Exchange> exchanges);
    /// Shows these recordings without replaying them yet (a file's requests, to edit first).
    void setRecordings(std::vector<asgiscope::trace::Exchange> exchanges);
    /// Replays every row again.
    void replayAll();
    /// Replays one row again.
    void replayAgain(int row);
    /// Opens the editor on one row's request; OK replaces the request and replays the row.
    void editAndReplay(int row);
    void cancel();
    void selectRow(int row);

signals:
    /// A batch (or a single row) ended; `cancelled`: Cancel stopped it.
    void batchFinished(bool cancelled);
    /// Something the user must be told (no target, a bad URL).
    void errorOccurred(const QString& message);

private:
    void startRows(const std::vector<int>& rows);
    void showComparison();
    void updateSummary();
    void setBusy(bool busy);

    ReplayResultsModel* model_;
    ReplayRunner* runner_;
    QLineEdit* target_;
    QPushButton* replayAll_;
    QPushButton* again_;
    QPushButton* edit_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* summary_;
    QTableView* table_;
    QLabel* comparisonTitle_;
    QTableWidget* fields_;
    QLabel* differences_;
    QLabel* bodyTitle_;
    QTableWidget* diff_;
};

}  // namespace asgiscope::ui
