#include "models/body_format.hpp"

#include <QBuffer>
#include <QImageReader>
#include <QJsonDocument>
#include <QStringDecoder>

namespace asgiscope::ui {

bool looksLikeText(const QByteArray& body) {
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    if (decoder.hasError()) return false;
    for (QChar c : text)
        if (c.unicode() < 0x20 && c != u'\n' && c != u'\r' && c != u'\t') return false;
    return true;
}

QString bodyAsText(const QByteArray& body) { return QString::fromUtf8(body); }

std::optional<QString> bodyAsPrettyJson(const QByteArray& body) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull()) return std::nullopt;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

QImage bodyAsImage(const QByteArray& body) {
    if (body.isEmpty()) return {};
    QBuffer buffer;
    buffer.setData(body);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAllocationLimit(64);  // MB: a crafted header must not make us allocate gigabytes
    return reader.read();
}

QString bodyAsHex(const QByteArray& body, qsizetype maxBytes) {
    QString out;
    const qsizetype n = std::min(body.size(), maxBytes);
    for (qsizetype line = 0; line < n; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i < n) {
                const auto c = static_cast<unsigned char>(body[i]);
                out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 0x20 && c < 0x7f) ? QChar(c) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7) out += u' ';
        }
        out += u'|' + ascii + QStringLiteral("|\n");
    }
    if (n < body.size()) out += QStringLiteral("… (%1 more bytes)\n").arg(body.size() - n);
    return out;
}

BodyFormat guessBodyFormat(const QByteArray& body, const QString& contentType) {
    const QString type = contentType.toLower();
    if (type.contains(u"json") || ((body.startsWith('{') || body.startsWith('[')) && bodyAsPrettyJson(body)))
        return bodyAsPrettyJson(body) ? BodyFormat::Json : BodyFormat::Text;
    if (type.startsWith(u"image/") && !bodyAsImage(body).isNull()) return BodyFormat::Image;
    if (looksLikeText(body)) return BodyFormat::Text;
    if (!bodyAsImage(body).isNull()) return BodyFormat::Image;
    return BodyFormat::Hex;
}

}  // namespace asgiscope::ui
