// How the panels name and colour ASGI messages and layers (shared by Trace and Inspector).
#pragma once

#include <QColor>
#include <QString>

#include <asgiscope/trace/trace.hpp>

#include "models/color_scheme.hpp"

namespace asgiscope::ui {

/// What a message is, for its colour: http.request blue, http.response.* green,
/// *.disconnect and websocket.close red, other websocket.* purple, lifespan.* yellow.
enum class MessageCategory { request, response, disconnect, websocket, lifespan, other };

MessageCategory messageCategory(std::string_view type);
/// The category's colour in the light or dark variant (by default the one that suits the
/// application's palette).
QColor messageColor(MessageCategory category, bool dark = isDarkPalette());
inline QColor messageColor(std::string_view type) { return messageColor(messageCategory(type)); }

/// Type and the fields that matter: "http.response.start 200", "http.request 7 B more_body",
/// "websocket.close 1000 bye".
QString describeMessage(const trace::MessageEvent& m);

/// A path parameter as text ("7", "pen", "1.5").
QString pathValueText(const asgi::PathValue& v);
/// "{id: 7, name: pen}".
QString pathParamsText(const asgi::PathParams& params);

/// UTF-8 view as QString.
inline QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

}  // namespace asgiscope::ui
