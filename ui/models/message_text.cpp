#include "models/message_text.hpp"

#include <QCoreApplication>
#include <QLocale>

namespace asgiscope::ui {

MessageCategory messageCategory(std::string_view type) {
    if (type == asgi::HttpRequest::type) return MessageCategory::request;
    if (type.ends_with(".disconnect") || type == asgi::WebSocketClose::type) return MessageCategory::disconnect;
    if (type.starts_with("http.response.")) return MessageCategory::response;
    if (type.starts_with("websocket.")) return MessageCategory::websocket;
    if (type.starts_with("lifespan.")) return MessageCategory::lifespan;
    return MessageCategory::other;
}

QColor messageColor(MessageCategory category) {
    switch (category) {
    case MessageCategory::request: return QColor(0x1e, 0x6f, 0xd9);
    case MessageCategory::response: return QColor(0x2e, 0x9d, 0x48);
    case MessageCategory::disconnect: return QColor(0xd3, 0x2f, 0x2f);
    case MessageCategory::websocket: return QColor(0x8e, 0x44, 0xad);
    case MessageCategory::lifespan: return QColor(0xc9, 0xa0, 0x00);
    case MessageCategory::other: break;
    }
    return QColor(0x75, 0x75, 0x75);
}

namespace {

QString bytesText(std::size_t n) { return QString::number(qulonglong(n)) + QStringLiteral(" B"); }

}  // namespace

QString describeMessage(const trace::MessageEvent& m) {
    QString out = qs(m.type);
    const std::string_view t = m.type;
    if (t == asgi::HttpResponseStart::type || t == asgi::WebSocketHttpResponseStart::type) {
        out += u' ' + QString::number(m.status);
    } else if (t == asgi::HttpRequest::type || t == asgi::HttpResponseBody::type ||
               t == asgi::WebSocketHttpResponseBody::type) {
        out += u' ' + bytesText(m.full_size);
        if (m.more_body) out += QStringLiteral(" more_body");
    } else if (t == asgi::WebSocketReceive::type || t == asgi::WebSocketSend::type) {
        out += (m.text ? QStringLiteral(" text ") : QStringLiteral(" bytes ")) + bytesText(m.full_size);
    } else if (t == asgi::WebSocketClose::type || t == asgi::WebSocketDisconnect::type) {
        out += u' ' + QString::number(m.code);
        if (!m.detail.empty()) out += u' ' + qs(m.detail);
    } else if (!m.detail.empty()) {
        out += u' ' + qs(m.detail);
    }
    return out;
}

QString pathValueText(const asgi::PathValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return qs(*s);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return QString::number(*i);
    return QLocale::c().toString(std::get<double>(v), 'g', 12);
}

QString pathParamsText(const asgi::PathParams& params) {
    QStringList parts;
    for (const auto& [k, v] : params) parts << qs(k) + QStringLiteral(": ") + pathValueText(v);
    return u'{' + parts.join(QStringLiteral(", ")) + u'}';
}

}  // namespace asgiscope::ui
