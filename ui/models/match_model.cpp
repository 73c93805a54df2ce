#include "match_model.hpp"

#include <QFont>

#include "http_status_style.hpp"

namespace asgiscope::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString verdictName(web::Match m) {
    switch (m) {
        case web::Match::Full:
            return QStringLiteral("FULL");
        case web::Match::Partial:
            return QStringLiteral("PARTIAL");
        case web::Match::None:
            break;
    }
    return QStringLiteral("NONE");
}

}  // namespace

MatchModel::MatchModel(QObject* parent) : QAbstractTableModel(parent) {}

void MatchModel::addRows(const inspect::RouterWalk& walk, const QString& prefix, int depth) {
    for (std::size_t i = 0; i < walk.routes.size(); ++i) {
        const auto& v = walk.routes[i];
        const QString number = prefix + QString::number(i + 1);
        rows_.push_back({number, depth, &v});
        for (const auto& inner : v.inner) addRows(inner, number + QLatin1Char('.'), depth + 1);
    }
}

void MatchModel::setExplanation(inspect::MatchExplanation explanation) {
    beginResetModel();
    rows_.clear();
    explanation_ = std::move(explanation);
    addRows(explanation_->router, {}, 0);
    endResetModel();
}

void MatchModel::clear() {
    beginResetModel();
    rows_.clear();
    explanation_.reset();
    endResetModel();
}

QString MatchModel::outcomeText(const inspect::MatchExplanation& e) {
    using O = inspect::Outcome;
    const QString params =
        e.path_params.empty()
            ? QString()
            : QStringLiteral(" (%1)").arg(qs(inspect::params_text(e.path_params)));
    switch (e.outcome) {
        case O::Endpoint:
            return tr("→ endpoint of '%1' at %2%3")
                .arg(qs(e.route_name), qs(e.route_pattern), params);
        case O::MountedApp:
            return tr("→ mounted app '%1' at %2; it sees the path %3")
                .arg(qs(e.route_name), qs(e.route_pattern), qs(e.mounted_path));
        case O::NotFound: {
            const QStringList slashes = redirectSlashesText(e);
            return tr("→ 404 Not Found (no route matched; redirect_slashes: %1)")
                .arg(slashes.isEmpty() ? tr("not tried") : slashes.join(QLatin1String("; ")));
        }
        case O::MethodNotAllowed:
            return tr("→ 405 Method Not Allowed, Allow: %1 (the path matches '%2', the method does "
                      "not)")
                .arg(qs(e.allow), qs(e.route_name.empty() ? e.route_pattern : e.route_name));
        case O::Redirect:
            return tr("→ 307 Temporary Redirect to %1 (redirect_slashes)").arg(qs(e.location));
        case O::WebSocketClose:
            return tr("→ no route: the WebSocket handshake is closed (1000)");
        case O::DefaultApp:
            return tr("→ no route: the router's default app answers");
    }
    return qs(e.summary);
}

QStringList MatchModel::redirectSlashesText(const inspect::MatchExplanation& e) {
    QStringList out;
    std::vector<const inspect::RouterWalk*> todo{&e.router};
    while (!todo.empty()) {
        const auto* walk = todo.back();
        todo.pop_back();
        if (!walk->redirect_slashes.empty()) out << qs(walk->redirect_slashes);
        for (const auto& v : walk->routes)
            for (const auto& inner : v.inner) todo.push_back(&inner);
    }
    return out;
}

int MatchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int MatchModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MatchModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || std::size_t(index.row()) >= rows_.size()) return {};
    const Row& row = rows_[std::size_t(index.row())];
    const inspect::RouteVerdict& v = *row.verdict;
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case NumberColumn:
                    return row.number;
                case RouteColumn: {
                    QString text = QString(row.depth * 2, QLatin1Char(' '));
                    switch (v.kind) {
                        case inspect::RouteKind::Mount:
                            text += tr("Mount ");
                            break;
                        case inspect::RouteKind::Host:
                            text += tr("Host ");
                            break;
                        case inspect::RouteKind::WebSocketRoute:
                            text += QStringLiteral("WS ");
                            break;
                        default:
                            break;
                    }
                    text += qs(v.pattern);
                    if (!v.name.empty()) text += QStringLiteral("  (%1)").arg(qs(v.name));
                    return text;
                }
                case VerdictColumn:
                    return verdictName(v.match);
                case ReasonColumn:
                    return v.tried ? qs(v.reason) : tr("not tried: an earlier route matched fully");
                case ParamsColumn:
                    return qs(inspect::params_text(v.params));
            }
            return {};
        case Qt::ForegroundRole: {
            if (!v.tried) return untriedColor();
            if (v.match == web::Match::Full) return fullMatchColor();
            if (v.match == web::Match::Partial) return partialMatchColor();
            return noMatchColor();
        }
        case Qt::FontRole:
            if (v.chosen) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        case Qt::ToolTipRole:
            return qs(v.reason);
        case VerdictRole:
            return verdictName(v.match);
        case ChosenRole:
            return v.chosen;
        case TriedRole:
            return v.tried;
        case DepthRole:
            return row.depth;
    }
    return {};
}

QVariant MatchModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NumberColumn:
            return tr("#");
        case RouteColumn:
            return tr("Route");
        case VerdictColumn:
            return tr("Verdict");
        case ReasonColumn:
            return tr("Why");
        case ParamsColumn:
            return tr("Params");
    }
    return {};
}

}  // namespace asgiscope::ui
