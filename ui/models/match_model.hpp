// MatchModel: inspect::explain_match()'s answer as rows, one per route the router walked
// (routes inside a chosen Mount or Host follow it, indented), for the match tester.
#pragma once

#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QStringList>

#include <asgiscope/inspect/explain.hpp>

namespace asgiscope::ui {

/// Rows of verdicts; FULL green, PARTIAL amber, NONE grey, the chosen route bold.
class MatchModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        RouteColumn,
        VerdictColumn,
        ReasonColumn,
        ParamsColumn,
        ColumnCount
    };
    enum Role {
        VerdictRole = Qt::UserRole + 1,  ///< "FULL", "PARTIAL", "NONE"
        ChosenRole,                      ///< bool: the route the router hands the request to
        TriedRole,                       ///< bool: false after the winning FULL match
        DepthRole,                       ///< 0 for the application's routes, 1 inside a Mount, ...
    };

    explicit MatchModel(QObject* parent = nullptr);

    void setExplanation(inspect::MatchExplanation explanation);
    void clear();
    const std::optional<inspect::MatchExplanation>& explanation() const { return explanation_; }

    /// The final line: "→ 404 Not Found (no route matched; redirect_slashes: ...)",
    /// "→ 405 Method Not Allowed, Allow: GET, HEAD", "→ endpoint 'user' (id=7)", ...
    static QString outcomeText(const inspect::MatchExplanation& explanation);
    /// What redirect_slashes did, per router that reached it ("" when none did).
    static QStringList redirectSlashesText(const inspect::MatchExplanation& explanation);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString number;  // "3", "3.1"
        int depth = 0;
        const inspect::RouteVerdict* verdict = nullptr;
    };
    void addRows(const inspect::RouterWalk& walk, const QString& prefix, int depth);

    std::optional<inspect::MatchExplanation> explanation_;
    std::vector<Row> rows_;
};

}  // namespace asgiscope::ui
