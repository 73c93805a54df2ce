// How the Inspector shows a body: as text, pretty JSON, an image or a hex dump.
#pragma once

#include <optional>

#include <QByteArray>
#include <QImage>
#include <QString>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::ui {

enum class BodyFormat { Text, Json, Image, Hex };

/// The format a body is best shown in: JSON when it parses as JSON (or says so), an image
/// when it decodes as one, text when it is valid UTF-8, else hex.
BodyFormat guessBodyFormat(const QByteArray& body, const QString& contentType);
/// The body as UTF-8 text (invalid sequences replaced).
QString bodyAsText(const QByteArray& body);
/// Indented JSON, or nothing when the body is not JSON.
std::optional<QString> bodyAsPrettyJson(const QByteArray& body);
/// The body decoded as an image (null when it is not one).
QImage bodyAsImage(const QByteArray& body);
/// "00000000  48 65 6c 6c 6f  |Hello|", 16 bytes a line, at most `maxBytes`.
QString bodyAsHex(const QByteArray& body, qsizetype maxBytes = 64 * 1024);
/// Whether the bytes are valid UTF-8 without control characters other than whitespace.
bool looksLikeText(const QByteArray& body);

inline QByteArray toByteArray(const asgi::Bytes& b) {
    return QByteArray(b.data(), static_cast<qsizetype>(b.size()));
}

}  // namespace asgiscope::ui
