#include "route_tree_model.hpp"

#include <QFont>
#include <QStringList>

#include "http_status_style.hpp"

namespace asgiscope::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString joined(const std::vector<std::string>& values, const char* separator = ", ") {
    QStringList out;
    for (const auto& v : values) out << qs(v);
    return out.join(QLatin1String(separator));
}

}  // namespace

RouteTreeModel::RouteTreeModel(QObject* parent)
    : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}

RouteTreeModel::~RouteTreeModel() = default;

void RouteTreeModel::build(Node& node, const std::vector<inspect::RouteInfo>& routes) {
    for (const auto& r : routes) {
        auto child = std::make_unique<Node>();
        child->info = &r;
        child->parent = &node;
        child->row = int(node.children.size());
        build(*child, r.children);
        node.children.push_back(std::move(child));
    }
}

void RouteTreeModel::setDescription(inspect::AppDescription description) {
    beginResetModel();
    description_ = std::move(description);
    root_ = std::make_unique<Node>();
    auto router = std::make_unique<Node>();
    router->parent = root_.get();
    build(*router, description_.routes);
    root_->children.push_back(std::move(router));
    endResetModel();
}

std::uint64_t RouteTreeModel::applyStats(Node& node, const inspect::LiveStatsSnapshot& stats,
                                         std::vector<const Node*>& changed) {
    std::uint64_t hits = 0;
    int last = 0;
    if (node.info) {
        if (const auto* s = stats.find_route(node.info->full_path, node.info->qualified_name)) {
            hits = s->hits;
            last = s->last_status;
        }
    }
    for (auto& child : node.children) hits += applyStats(*child, stats, changed);
    if (!node.info) {  // the application's Router: every request that reached it
        if (const auto* layer = stats.find_layer("Router")) hits = layer->requests;
    }
    if (hits != node.hits || last != node.last_status) {
        node.hits = hits;
        node.last_status = last;
        changed.push_back(&node);
    }
    return node.info ? hits : 0;
}

void RouteTreeModel::setStats(const inspect::LiveStatsSnapshot& stats) {
    if (root_->children.empty()) return;
    std::vector<const Node*> changed;
    applyStats(*root_->children.front(), stats, changed);
    for (const Node* n : changed)
        emit dataChanged(indexOf(n, HitsColumn), indexOf(n, StatusColumn));
}

QModelIndex RouteTreeModel::findRoute(const QString& fullPath, const QString& qualifiedName) const {
    std::vector<const Node*> todo{root_.get()};
    while (!todo.empty()) {
        const Node* n = todo.back();
        todo.pop_back();
        if (n->info && qs(n->info->full_path) == fullPath &&
            qs(n->info->qualified_name) == qualifiedName)
            return indexOf(n, 0);
        for (const auto& c : n->children) todo.push_back(c.get());
    }
    return {};
}

RouteTreeModel::Node* RouteTreeModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

QModelIndex RouteTreeModel::indexOf(const Node* node, int column) const {
    if (!node || node == root_.get()) return {};
    return createIndex(node->row, column, const_cast<Node*>(node));
}

QModelIndex RouteTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    const Node* p = nodeOf(parent);
    if (parent.isValid() && parent.column() != 0) return {};
    if (std::size_t(row) >= p->children.size()) return {};
    return createIndex(row, column, p->children[std::size_t(row)].get());
}

QModelIndex RouteTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    return indexOf(nodeOf(child)->parent, 0);
}

int RouteTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(nodeOf(parent)->children.size());
}

int RouteTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant RouteTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Node* n = nodeOf(index);
    const inspect::RouteInfo* r = n->info;
    using K = inspect::RouteKind;
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case RouteColumn:
                    if (!r) return tr("Router");
                    if (r->kind == K::Mount) return tr("Mount %1").arg(qs(r->pattern));
                    if (r->kind == K::Host) return tr("Host %1").arg(qs(r->pattern));
                    return qs(r->pattern);
                case MethodsColumn:
                    if (!r) return {};
                    if (r->kind == K::WebSocketRoute) return QStringLiteral("WS");
                    if (r->kind == K::Route)
                        return r->methods.empty() ? tr("any") : joined(r->methods);
                    return {};
                case NameColumn:
                    return r ? qs(r->qualified_name) : QString();
                case ParamsColumn: {
                    if (!r) return {};
                    QStringList params;
                    for (const auto& p : r->params)
                        params << qs(p.name) + QLatin1String(": ") + qs(p.convertor);
                    return params.join(QLatin1String(", "));
                }
                case EndpointColumn:
                    if (!r)
                        return description_.redirect_slashes ? tr("redirect_slashes on")
                                                             : tr("redirect_slashes off");
                    if (!r->middleware.empty())
                        return tr("%1 (middleware: %2)")
                            .arg(qs(r->endpoint), joined(r->middleware));
                    return qs(r->endpoint);
                case HitsColumn:
                    return QString::number(n->hits);
                case StatusColumn:
                    return n->last_status ? QString::number(n->last_status) : QString();
            }
            return {};
        case Qt::ToolTipRole: {
            if (!r)
                return tr("The application's Router: %n route(s); redirect_slashes %1", nullptr,
                          int(description_.routes.size()))
                    .arg(description_.redirect_slashes ? tr("on") : tr("off"));
            QStringList lines;
            lines << tr("%1 %2").arg(qs(std::string(inspect::to_string(r->kind))),
                                     qs(r->full_path));
            if (!r->qualified_name.empty())
                lines << tr("name: %1 (url_for)").arg(qs(r->qualified_name));
            if (!r->path_format.empty()) lines << tr("path format: %1").arg(qs(r->path_format));
            if (!r->regex.empty()) lines << tr("regex: %1").arg(qs(r->regex));
            if (!r->include_in_schema) lines << tr("not included in the schema");
            if (!r->middleware.empty())
                lines << tr("route middleware: %1").arg(joined(r->middleware));
            return lines.join(QLatin1Char('\n'));
        }
        case Qt::ForegroundRole:
            if (index.column() == StatusColumn) {
                const QColor c = statusColor(n->last_status);
                if (c.isValid()) return c;
            }
            if (r && !r->include_in_schema && index.column() == RouteColumn)
                return noMatchColor();
            return {};
        case Qt::FontRole:
            if (index.column() == RouteColumn && r && (r->kind == K::Mount || r->kind == K::Host)) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        case Qt::TextAlignmentRole:
            if (index.column() == HitsColumn || index.column() == StatusColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case QualifiedNameRole:
            return r ? qs(r->qualified_name) : QString();
        case FullPathRole:
            return r ? qs(r->full_path) : QString();
        case KindRole:
            return r ? qs(std::string(inspect::to_string(r->kind))) : QStringLiteral("Router");
        case HitsRole:
            return QVariant::fromValue<qulonglong>(n->hits);
        case LastStatusRole:
            return n->last_status;
    }
    return {};
}

QVariant RouteTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case RouteColumn:
            return tr("Route");
        case MethodsColumn:
            return tr("Methods");
        case NameColumn:
            return tr("Name");
        case ParamsColumn:
            return tr("Convertors");
        case EndpointColumn:
            return tr("Endpoint");
        case HitsColumn:
            return tr("Hits");
        case StatusColumn:
            return tr("Last");
    }
    return {};
}

}  // namespace asgiscope::ui
