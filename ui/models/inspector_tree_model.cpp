#include "models/inspector_tree_model.hpp"

#include <QLocale>

#include "models/body_format.hpp"
#include "models/traffic_model.hpp"

namespace asgiscope::ui {

namespace {

QString msText(std::int64_t ns) { return QLocale::c().toString(double(ns) / 1e6, 'f', 3) + QStringLiteral(" ms"); }

QString addressText(const std::optional<asgi::Address>& a) {
    if (!a) return QStringLiteral("None");
    return qs(a->host) + u':' + QString::number(a->port);
}

QString preview(const QByteArray& body) {
    if (body.isEmpty()) return {};
    if (!looksLikeText(body)) return QStringLiteral("(binary)");
    QString text = QString::fromUtf8(body.left(120)).simplified();
    if (body.size() > 120) text += QStringLiteral("…");
    return text;
}

}  // namespace

InspectorTreeModel::InspectorTreeModel(QObject* parent) : QStandardItemModel(parent) { reset(); }

void InspectorTreeModel::reset() {
    clear();
    message_ = nullptr;
    setColumnCount(2);
    setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    body_.clear();
    bodyFullSize_ = 0;
    contentType_.clear();
    hasBody_ = false;
}

void InspectorTreeModel::showNothing() { reset(); }

QStandardItem* InspectorTreeModel::add(QStandardItem* parent, const QString& field, const QString& value) {
    auto* f = new QStandardItem(field);
    auto* v = new QStandardItem(value);
    f->setEditable(false);
    v->setEditable(false);
    v->setToolTip(value.size() > 60 ? value.left(2000) : QString());
    (parent ? parent : invisibleRootItem())->appendRow({f, v});
    return f;
}

QString InspectorTreeModel::bodySizeText() const {
    const QLocale c = QLocale::c();
    if (body_.size() < bodyFullSize_)
        return tr("%1 of %2 bytes kept").arg(c.toString(body_.size()), c.toString(bodyFullSize_));
    return TrafficModel::formatBytes(bodyFullSize_);
}

QModelIndex InspectorTreeModel::messageHeadersIndex() const {
    const QStandardItem* headers = child(message_, QStringLiteral("headers"));
    return headers ? headers->index() : QModelIndex();
}

QStandardItem* InspectorTreeModel::topLevel(const QString& prefix) const {
    for (int r = 0; r < rowCount(); ++r)
        if (item(r, 0)->text().startsWith(prefix)) return item(r, 0);
    return nullptr;
}

QStandardItem* InspectorTreeModel::child(const QStandardItem* parent, const QString& field) {
    if (!parent) return nullptr;
    for (int r = 0; r < parent->rowCount(); ++r)
        if (parent->child(r, 0)->text() == field) return parent->child(r, 0);
    return nullptr;
}

QString InspectorTreeModel::valueOf(const QStandardItem* item) const {
    if (!item) return {};
    const QStandardItem* parent = item->parent() ? item->parent() : invisibleRootItem();
    const QStandardItem* v = parent->child(item->row(), ValueColumn);
    return v ? v->text() : QString();
}

void InspectorTreeModel::addHeaders(QStandardItem* parent, const asgi::Headers& headers, const QString& title) {
    QStandardItem* h = add(parent, title, tr("%n header(s)", nullptr, static_cast<int>(headers.size())));
    for (const auto& [name, value] : headers) add(h, qs(name), qs(value));
}

void InspectorTreeModel::addMessageFields(QStandardItem* parent, const trace::Trace&, const trace::MessageEvent& m) {
    add(parent, QStringLiteral("type"), qs(m.type));
    const std::string_view t = m.type;
    if (m.status) add(parent, QStringLiteral("status"), QString::number(m.status));
    if (m.shared_headers) addHeaders(parent, m.headers(), QStringLiteral("headers"));
    const bool hasBody = t == asgi::HttpRequest::type || t == asgi::HttpResponseBody::type ||
                         t == asgi::WebSocketHttpResponseBody::type || t == asgi::WebSocketReceive::type ||
                         t == asgi::WebSocketSend::type;
    if (hasBody) {
        const QByteArray bytes = toByteArray(m.body);
        QString size = TrafficModel::formatBytes(static_cast<std::int64_t>(m.full_size));
        if (m.truncated())
            size = tr("%1 of %2 bytes kept").arg(QLocale::c().toString(bytes.size()),
                                                 QLocale::c().toString(qulonglong(m.full_size)));
        QStandardItem* b = add(parent, t.starts_with("websocket.") && m.text ? QStringLiteral("text") : QStringLiteral("body"),
                               size + (bytes.isEmpty() ? QString() : QStringLiteral("  ") + preview(bytes)));
        (void)b;
    }
    if (t == asgi::HttpRequest::type || t == asgi::HttpResponseBody::type || t == asgi::WebSocketHttpResponseBody::type)
        add(parent, QStringLiteral("more_body"), m.more_body ? QStringLiteral("True") : QStringLiteral("False"));
    if (m.code) add(parent, QStringLiteral("code"), QString::number(m.code));
    if (!m.detail.empty()) {
        const QString key = t == asgi::WebSocketAccept::type ? QStringLiteral("subprotocol")
                            : t.starts_with("lifespan.")     ? QStringLiteral("message")
                                                             : QStringLiteral("reason");
        add(parent, key, qs(m.detail));
    }
}

void InspectorTreeModel::addLayerFacts(QStandardItem* parent, const trace::Span& s) {
    add(parent, tr("kind"), qs(trace::to_string(s.kind)));
    add(parent, tr("entered"), msText(s.enter_ns));
    add(parent, tr("returned"), msText(s.exit_ns) + (s.incomplete ? tr(" (did not finish)") : QString()));
    add(parent, tr("duration"), TrafficModel::formatDuration(s.duration_ns()));
    add(parent, tr("self time"), TrafficModel::formatDuration(s.self_ns));
    if (s.short_circuited) add(parent, tr("short-circuited"), tr("answered without calling the layer inside it"));
    if (s.consumed_body) add(parent, tr("read the body"), tr("yes"));
    if (s.dropped_messages) add(parent, tr("messages not kept"), QString::number(qulonglong(s.dropped_messages)));
    if (s.exception) {
        QStandardItem* e = add(parent, tr("exception"), qs(s.exception->type) + QStringLiteral(": ") + qs(s.exception->message));
        add(e, tr("raised here"), s.exception->raised_here ? tr("yes") : tr("no"));
        add(e, tr("handled here"), s.exception->handled_here ? tr("yes") : tr("no"));
        add(e, tr("left this layer"), s.exception->escaped ? tr("yes") : tr("no"));
    }
}

void InspectorTreeModel::addScope(QStandardItem* parent, const trace::Trace& t, int span) {
    const asgi::Scope& sc = t.scope;
    const trace::ScopeView& v = t.spans[static_cast<std::size_t>(span)].scope;
    add(parent, QStringLiteral("type"), qs(sc.type));
    if (!sc.http_version.empty()) add(parent, QStringLiteral("http_version"), qs(sc.http_version));
    if (!sc.method.empty()) add(parent, QStringLiteral("method"), qs(sc.method));
    add(parent, QStringLiteral("scheme"), qs(sc.scheme));
    add(parent, QStringLiteral("path"), qs(v.path));
    add(parent, QStringLiteral("raw_path"), qs(sc.raw_path));
    add(parent, QStringLiteral("query_string"), qs(sc.query_string));
    add(parent, QStringLiteral("root_path"), qs(v.root_path));
    if (v.app_root_path) add(parent, QStringLiteral("app_root_path"), qs(*v.app_root_path));
    if (!v.route_name.empty()) add(parent, QStringLiteral("route_name"), qs(v.route_name));
    QStandardItem* pp = add(parent, QStringLiteral("path_params"), pathParamsText(v.path_params));
    for (const auto& [k, val] : v.path_params) add(pp, qs(k), pathValueText(val));
    addHeaders(parent, sc.headers, QStringLiteral("headers"));
    add(parent, QStringLiteral("client"), addressText(sc.client));
    add(parent, QStringLiteral("server"), addressText(sc.server));
    if (!sc.subprotocols.empty()) {
        QStringList list;
        for (const auto& s : sc.subprotocols) list << qs(s);
        add(parent, QStringLiteral("subprotocols"), list.join(QStringLiteral(", ")));
    }
}

void InspectorTreeModel::addScopeDiff(const trace::Trace& t, int span) {
    const trace::Span& s = t.spans[static_cast<std::size_t>(span)];
    if (s.parent < 0) {
        add(nullptr, tr("scope diff"), tr("outermost layer: the scope as the server made it"));
        return;
    }
    const trace::Span& p = t.spans[static_cast<std::size_t>(s.parent)];
    QStandardItem* d = add(nullptr, tr("scope diff"), tr("%1 → %2").arg(qs(p.name), qs(s.name)));
    const trace::ScopeView& a = p.scope;
    const trace::ScopeView& b = s.scope;
    auto change = [&](const char* key, const QString& before, const QString& after) {
        if (before != after) add(d, QLatin1String(key), before + QStringLiteral(" → ") + after);
    };
    change("path", qs(a.path), qs(b.path));
    change("root_path", qs(a.root_path), qs(b.root_path));
    change("app_root_path", a.app_root_path ? qs(*a.app_root_path) : QStringLiteral("None"),
           b.app_root_path ? qs(*b.app_root_path) : QStringLiteral("None"));
    change("route_name", qs(a.route_name), qs(b.route_name));
    change("path_params", pathParamsText(a.path_params), pathParamsText(b.path_params));
    if (d->rowCount() == 0) {
        invisibleRootItem()->child(d->row(), ValueColumn)->setText(tr("%1 → %2: no change").arg(qs(p.name), qs(s.name)));
    }
}

void InspectorTreeModel::showLayer(TracePtr trace, int span) {
    reset();
    if (!trace || span < 0 || span >= static_cast<int>(trace->spans.size())) {
        add(nullptr, tr("no layer"), tr("nothing selected"));
        return;
    }
    const trace::Span& s = trace->spans[static_cast<std::size_t>(span)];
    QStandardItem* layer = add(nullptr, tr("layer %1").arg(qs(s.name)), TrafficModel::formatDuration(s.duration_ns()));
    addLayerFacts(layer, s);
    addScopeDiff(*trace, span);
    QStandardItem* scope = add(nullptr, tr("scope at this layer"), qs(s.name));
    addScope(scope, *trace, span);
}

void InspectorTreeModel::showMessage(TracePtr trace, int span, int message) {
    reset();
    if (!trace || span < 0 || span >= static_cast<int>(trace->spans.size()) || message < 0 ||
        message >= static_cast<int>(trace->spans[static_cast<std::size_t>(span)].messages.size())) {
        add(nullptr, tr("no message"), tr("nothing selected"));
        return;
    }
    const trace::Trace& t = *trace;
    const trace::Span& s = t.spans[static_cast<std::size_t>(span)];
    const trace::MessageEvent& m = s.messages[static_cast<std::size_t>(message)];
    QStandardItem* top = add(nullptr,
                             tr("message %1 of %2 (at %3)").arg(message + 1).arg(s.messages.size()).arg(qs(s.name)),
                             describeMessage(m));
    message_ = top;
    add(top, tr("direction"), m.direction == trace::Direction::receive ? tr("received (inward)") : tr("sent (outward)"));
    add(top, tr("time"), msText(m.time_ns));
    addMessageFields(top, t, m);

    hasBody_ = top->rowCount() > 0 && (child(top, QStringLiteral("body")) || child(top, QStringLiteral("text")));
    if (hasBody_) {
        body_ = toByteArray(m.body);
        bodyFullSize_ = static_cast<qint64>(m.full_size);
        // The content type: the response start's headers for a response body, the request's
        // headers for a request body.
        std::optional<std::string_view> type;
        if (m.direction == trace::Direction::send) {
            for (const auto& e : s.messages)
                if (e.shared_headers && (type = asgi::find_header(e.headers(), "content-type"))) break;
        } else {
            type = asgi::find_header(t.scope.headers, "content-type");
        }
        if (type) contentType_ = qs(*type);
    }

    // How the layer before it in its path had it, when a layer changed it (⟳).
    const SequenceModel sequence(trace);
    if (auto prev = sequence.previousVersion(span, message)) {
        const trace::Span& ps = t.spans[static_cast<std::size_t>(prev->first)];
        const trace::MessageEvent& pm = ps.messages[static_cast<std::size_t>(prev->second)];
        if (messagesDiffer(pm, m)) {
            QStandardItem* before = add(nullptr,
                                        m.direction == trace::Direction::send ? tr("⟳ before: as %1 sent it").arg(qs(ps.name))
                                                                             : tr("⟳ before: as %1 received it").arg(qs(ps.name)),
                                        describeMessage(pm));
            addMessageFields(before, t, pm);
        }
    }
    QStandardItem* layer = add(nullptr, tr("layer %1").arg(qs(s.name)), TrafficModel::formatDuration(s.duration_ns()));
    addLayerFacts(layer, s);
    addScopeDiff(t, span);
    QStandardItem* scope = add(nullptr, tr("scope at this layer"), qs(s.name));
    addScope(scope, t, span);
}

}  // namespace asgiscope::ui
