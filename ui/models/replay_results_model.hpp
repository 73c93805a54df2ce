// ReplayResultsModel: the Replay panel's table, one row per replayed request: what was sent,
// the original and the replayed status, and the verdict; and ReplayComparison, the selected
// row's side-by-side view (status, the headers that matter, the body diff).
#pragma once

#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QStringList>

#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/replay.hpp>

#include "models/line_diff.hpp"

namespace asgiscope::ui {

/// The response headers the comparison always shows, lower case: content-type,
/// content-length, content-encoding, location, set-cookie, cache-control, expires, etag,
/// last-modified, vary, allow, www-authenticate. Other headers are shown only when the core's
/// comparison (trace::compare_exchanges, which ignores date, server and the other
/// trace::default_ignored_headers()) found them different.
QStringList replayShownHeaders();

/// One line of the comparison's header table: a field, its original and replayed values, and
/// whether they differ.
struct ComparisonField {
    QString name;
    QString original;
    QString replayed;
    bool differs = false;
};

/// The selected row's comparison, built from the recording and its replay result.
struct ReplayComparison {
    QVector<ComparisonField> fields;  ///< "status" first, then headers
    DiffBody originalBody;
    DiffBody replayedBody;
    LineDiff bodyDiff;
    QStringList differences;  ///< the core's lines ("status: 200 -> 404", ...)
    QStringList notes;
    QString error;
};

/// Builds the comparison of `recorded` with `result.replayed`.
ReplayComparison compareForDisplay(const trace::Exchange& recorded,
                                   const trace::ReplayResult& result);

/// The replayed requests and their verdicts; rows are set up front (pending) and filled in
/// as results arrive.
class ReplayResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IndexColumn,
        MethodColumn,
        UrlColumn,
        OriginalColumn,
        ReplayedColumn,
        VerdictColumn,
        TimeColumn,
        ColumnCount
    };
    /// What a row is now.
    enum class Verdict { Pending, Running, Same, Different, Error, Skipped };
    Q_ENUM(Verdict)
    enum Role { VerdictRole = Qt::UserRole + 1 };

    explicit ReplayResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Replaces every row with these recordings, all pending.
    void setExchanges(std::vector<trace::Exchange> exchanges);
    const trace::Exchange& exchange(int row) const { return rows_[std::size_t(row)].recorded; }
    /// Replaces a row's request (an edit before replaying it again); its result is cleared.
    void setRequest(int row, const trace::RequestRecord& request);
    /// The row's result, when it has one.
    const std::optional<trace::ReplayResult>& result(int row) const {
        return rows_[std::size_t(row)].result;
    }
    Verdict verdict(int row) const { return rows_[std::size_t(row)].verdict; }
    void setRunning(int row);
    void setResult(int row, trace::ReplayResult result);
    /// Marks every Pending or Running row as Skipped (a cancelled batch).
    void skipUnfinished();

    int count(Verdict verdict) const;
    /// "12 requests: 10 same, 1 different, 1 error, 0 not replayed".
    QString summary() const;
    static QString verdictText(Verdict verdict);

private:
    struct Row {
        trace::Exchange recorded;
        std::optional<trace::ReplayResult> result;
        Verdict verdict = Verdict::Pending;
    };
    void rowChanged(int row);
    std::vector<Row> rows_;
};

}  // namespace asgiscope::ui
