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

QColor messageColor(MessageCategory category, bool dark) {
    switch (category) {
    case MessageCategory::request: return SchemeColor{QColor(0x1e, 0x6f, 0xd9), QColor(0x64, 0xb5, 0xf6)}.pick(dark);
    case MessageCategory::response: return SchemeColor{QColor(0x2e, 0x7d, 0x32), QColor(0x66, 0xbb, 0x6a)}.pick(dark);
    case MessageCategory::disconnect: return SchemeColor{QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x53, 0x50)}.pick(dark);
    case MessageCategory::websocket: return SchemeColor{QColor(0x7b, 0x1f, 0xa2), QColor(0xce, 0x93, 0xd8)}.pick(dark);
    case MessageCategory::lifespan: return SchemeColor{QColor(0x8d, 0x6e, 0x00), QColor(0xff, 0xd5, 0x4f)}.pick(dark);
    case MessageCategory::other: break;
    }
    return SchemeColor{QColor(0x6d, 0x6d, 0x6d), QColor(0xa0, 0xa0, 0xa0)}.pick(dark);
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
