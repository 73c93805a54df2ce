#include "models/composer_request.hpp"

#include <algorithm>
#include <set>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QUuid>

#include <boost/json/stream_parser.hpp>

#include <asgiscope/trace/curl.hpp>

namespace asgiscope::ui {

namespace {

/// Characters left as they are in a query key or value besides the unreserved ones.
const QByteArray querySafe = QByteArrayLiteral("/:@!$'()*,;");

QString decodeComponent(QString s) {
    s.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(s.toUtf8());
}

QByteArray encodeComponent(const QString& s) {
    return QUrl::toPercentEncoding(s, querySafe);
}

QList<ComposerField> parsePairs(const QString& text) {
    QList<ComposerField> rows;
    for (const QString& part : text.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        ComposerField f;
        f.key = decodeComponent(eq < 0 ? part : part.left(eq));
        f.value = eq < 0 ? QString() : decodeComponent(part.mid(eq + 1));
        rows << f;
    }
    return rows;
}

QByteArray encodePairs(const QList<ComposerField>& rows) {
    QByteArray out;
    for (const ComposerField& f : rows) {
        if (!f.enabled || (f.key.isEmpty() && f.value.isEmpty())) continue;
        if (!out.isEmpty()) out += '&';
        out += encodeComponent(f.key);
        out += '=';
        out += encodeComponent(f.value);
    }
    return out;
}

/// The URL split around its query: [before '?'], [query], [from '#' on].
struct UrlParts {
    QString head;
    QString query;
    QString fragment;
    bool hasQuery = false;
};

UrlParts splitUrl(const QString& url) {
    UrlParts p;
    QString rest = url;
    const qsizetype hash = rest.indexOf(QLatin1Char('#'));
    if (hash >= 0) {
        p.fragment = rest.mid(hash);
        rest.truncate(hash);
    }
    const qsizetype q = rest.indexOf(QLatin1Char('?'));
    if (q >= 0) {
        p.hasQuery = true;
        p.query = rest.mid(q + 1);
        rest.truncate(q);
    }
    p.head = rest;
    return p;
}

bool isToken(const QByteArray& s) {
    if (s.isEmpty()) return false;
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.contains(c);
    });
}

bool hasHeader(const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray quotedParam(const QString& s) {
    // As browsers write form-data names: '"' and line breaks percent-encoded.
    QByteArray b = s.toUtf8();
    b.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return b;
}

QString contentTypeOf(const trace::RequestRecord& record) {
    auto ct = asgi::find_header(record.headers, "content-type");
    return ct ? QString::fromStdString(std::string(*ct)) : QString();
}

QJsonArray fieldsToJson(const QList<ComposerField>& rows, int maxChars) {
    QJsonArray a;
    for (const ComposerField& f : rows)
        a.append(QJsonObject{{QStringLiteral("key"), f.key.left(maxChars)},
                             {QStringLiteral("value"), f.value.left(maxChars)},
                             {QStringLiteral("enabled"), f.enabled},
                             {QStringLiteral("file"), f.isFile}});
    return a;
}

QList<ComposerField> fieldsFromJson(const QJsonValue& v) {
    QList<ComposerField> rows;
    for (const QJsonValue& e : v.toArray()) {
        const QJsonObject o = e.toObject();
        ComposerField f;
        f.key = o.value(QStringLiteral("key")).toString();
        f.value = o.value(QStringLiteral("value")).toString();
        f.enabled = o.value(QStringLiteral("enabled")).toBool(true);
        f.isFile = o.value(QStringLiteral("file")).toBool(false);
        rows << f;
    }
    return rows;
}

}  // namespace

QStringList composerMethods() {
    return {QStringLiteral("GET"),   QStringLiteral("POST"),   QStringLiteral("PUT"),
            QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
            QStringLiteral("OPTIONS")};
}

QList<ComposerField> queryFromUrl(const QString& url) {
    return parsePairs(splitUrl(url).query);
}

QString urlWithQuery(const QString& url, const QList<ComposerField>& query) {
    const UrlParts p = splitUrl(url);
    const QByteArray q = encodePairs(query);
    QString out = p.head;
    if (!q.isEmpty()) out += QLatin1Char('?') + QString::fromLatin1(q);
    return out + p.fragment;
}

QList<ComposerField> mergeQueryFromUrl(const QString& url, const QList<ComposerField>& previous) {
    QList<ComposerField> rows = queryFromUrl(url);
    for (const ComposerField& f : previous)
        if (!f.enabled) rows << f;
    return rows;
}

JsonCheck checkJson(const QString& text) {
    JsonCheck check;
    const QByteArray utf8 = text.toUtf8();
    auto fail = [&](qsizetype offset, const QString& message) {
        check.ok = false;
        offset = std::clamp<qsizetype>(offset, 0, utf8.size());
        const QByteArray before = utf8.left(offset);
        check.line = int(before.count('\n')) + 1;
        const qsizetype lineStart = before.lastIndexOf('\n') + 1;
        int column = 1;
        for (qsizetype i = lineStart; i < offset; ++i)
            if ((static_cast<unsigned char>(before[i]) & 0xC0) != 0x80) ++column;  // code points
        check.column = column;
        check.message = message;
        return check;
    };
    if (utf8.trimmed().isEmpty()) return fail(0, QCoreApplication::translate("ComposerRequest", "The JSON body is empty."));
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(utf8.constData(), std::size_t(utf8.size()), ec);
    if (ec) return fail(qsizetype(used), QString::fromStdString(ec.message()));
    if (!parser.done()) {
        parser.finish(ec);
        if (ec) return fail(utf8.size(), QString::fromStdString(ec.message()));
    }
    for (qsizetype i = qsizetype(used); i < utf8.size(); ++i)
        if (!QChar::isSpace(uchar(utf8[i])))
            return fail(i, QCoreApplication::translate("ComposerRequest", "Unexpected text after the JSON value."));
    return check;
}

std::optional<QString> formatJson(const QString& text) {
    if (!checkJson(text).ok) return std::nullopt;
    // Re-indent token by token: keys keep their order and numbers their spelling.
    QString out;
    int depth = 0;
    bool inString = false;
    bool escape = false;
    auto newline = [&] { out += QLatin1Char('\n') + QString(depth * 2, QLatin1Char(' ')); };
    const QString t = text.trimmed();
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t[i];
        if (inString) {
            out += c;
            if (escape)
                escape = false;
            else if (c == QLatin1Char('\\'))
                escape = true;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c.isSpace()) continue;
        if (c == QLatin1Char('"')) {
            inString = true;
            out += c;
        } else if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            qsizetype j = i + 1;
            while (j < t.size() && t[j].isSpace()) ++j;
            const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
            if (j < t.size() && t[j] == close) {  // empty: {} or []
                out += c;
                out += close;
                i = j;
                continue;
            }
            out += c;
            ++depth;
            newline();
        } else if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
            --depth;
            newline();
            out += c;
        } else if (c == QLatin1Char(',')) {
            out += c;
            newline();
        } else if (c == QLatin1Char(':')) {
            out += QStringLiteral(": ");
        } else {
            out += c;
        }
    }
    return out;
}

QList<PathParam> pathParams(const QString& pattern) {
    static const QRegularExpression re(
        QStringLiteral("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?\\}"));
    QList<PathParam> params;
    for (auto it = re.globalMatch(pattern); it.hasNext();) {
        const auto m = it.next();
        PathParam p;
        p.name = m.captured(1);
        if (!m.captured(2).isEmpty()) p.convertor = m.captured(2);
        params << p;
    }
    return params;
}

bool paramValueValid(const PathParam& param, const QString& value, QString* error) {
    auto no = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (value.isEmpty()) return no(QCoreApplication::translate("ComposerRequest", "%1 is empty.").arg(param.name));
    static const QRegularExpression intRe(QStringLiteral("^[0-9]+$"));
    static const QRegularExpression floatRe(QStringLiteral("^[0-9]+(\\.[0-9]+)?$"));
    static const QRegularExpression uuidRe(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    if (param.convertor == QLatin1String("int") && !intRe.match(value).hasMatch())
        return no(QCoreApplication::translate("ComposerRequest", "%1 must be a whole number (int).").arg(param.name));
    if (param.convertor == QLatin1String("float") && !floatRe.match(value).hasMatch())
        return no(QCoreApplication::translate("ComposerRequest", "%1 must be a number (float).").arg(param.name));
    if (param.convertor == QLatin1String("uuid") && !uuidRe.match(value).hasMatch())
        return no(QCoreApplication::translate("ComposerRequest", "%1 must be a UUID.").arg(param.name));
    if (param.convertor == QLatin1String("str") && value.contains(QLatin1Char('/')))
        return no(QCoreApplication::translate("ComposerRequest", "%1 cannot contain '/'.").arg(param.name));
    return true;
}

std::optional<QString> fillPath(const QString& pattern, const QMap<QString, QString>& values,
                                QString* error) {
    static const QRegularExpression re(
        QStringLiteral("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?\\}"));
    QString out;
    qsizetype from = 0;
    for (auto it = re.globalMatch(pattern); it.hasNext();) {
        const auto m = it.next();
        PathParam p;
        p.name = m.captured(1);
        if (!m.captured(2).isEmpty()) p.convertor = m.captured(2);
        const QString value = values.value(p.name);
        if (!paramValueValid(p, value, error)) return std::nullopt;
        const QByteArray safe = p.convertor == QLatin1String("path") ? QByteArrayLiteral("/")
                                                                     : QByteArray();
        out += pattern.mid(from, m.capturedStart() - from);
        out += QString::fromLatin1(QUrl::toPercentEncoding(value, safe));
        from = m.capturedEnd();
    }
    return out + pattern.mid(from);
}

QStringList routeCompletions(const inspect::AppDescription& description) {
    std::set<QString> paths;
    for (const auto& [depth, route] : inspect::flatten(description.routes)) {
        (void)depth;
        if (route->kind == inspect::RouteKind::Route)
            paths.insert(QString::fromStdString(route->full_path));
    }
    return QStringList(paths.begin(), paths.end());
}

BuiltRequest buildRequest(const ComposerRequest& request, const QUrl& base,
                          const QByteArray& boundaryIn) {
    BuiltRequest built;
    built.method = request.method.trimmed().toLatin1();
    if (!isToken(built.method)) {
        built.error = QCoreApplication::translate("ComposerRequest", "The method \"%1\" is not a valid HTTP method.")
                          .arg(request.method.trimmed());
        return built;
    }
    const QString urlText = request.url.trimmed();
    if (urlText.section(QLatin1Char('?'), 0, 0).contains(QLatin1Char('{'))) {
        built.error = QCoreApplication::translate("ComposerRequest", "The URL still has path parameters to fill in: %1").arg(urlText);
        return built;
    }
    QUrl url(urlText, QUrl::StrictMode);
    if (url.isValid() && url.isRelative() && base.isValid()) url = base.resolved(url);
    if (urlText.isEmpty() || !url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        built.error = urlText.isEmpty()
                          ? QCoreApplication::translate("ComposerRequest", "The URL is empty.")
                          : QCoreApplication::translate("ComposerRequest", "\"%1\" is not an http:// or https:// URL.").arg(urlText);
        return built;
    }
    built.url = url;
    for (const ComposerField& h : request.headers) {
        if (!h.enabled || h.key.trimmed().isEmpty()) continue;
        const QByteArray name = h.key.trimmed().toLatin1();
        const QByteArray value = h.value.toUtf8();
        if (!isToken(name)) {
            built.error = QCoreApplication::translate("ComposerRequest", "\"%1\" is not a valid header name.").arg(h.key);
            return built;
        }
        if (value.contains('\r') || value.contains('\n') || value.contains('\0')) {
            built.error = QCoreApplication::translate("ComposerRequest", "The value of header %1 contains a line break.").arg(h.key);
            return built;
        }
        built.headers.append({name, value});
    }
    QByteArray contentType;
    switch (request.bodyMode) {
        case ComposerBodyMode::None:
            break;
        case ComposerBodyMode::Raw:
            built.body = request.rawBody.toUtf8();
            contentType = request.rawContentType.trimmed().toUtf8();
            break;
        case ComposerBodyMode::Json: {
            const JsonCheck check = checkJson(request.jsonBody);
            if (!check.ok) {
                built.error = QCoreApplication::translate("ComposerRequest", "The JSON body is invalid at line %1, column %2: %3")
                                  .arg(check.line)
                                  .arg(check.column)
                                  .arg(check.message);
                return built;
            }
            built.body = request.jsonBody.toUtf8();
            contentType = QByteArrayLiteral("application/json");
            break;
        }
        case ComposerBodyMode::Form:
            built.body = encodePairs(request.formFields);
            contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
            break;
        case ComposerBodyMode::Multipart: {
            const QByteArray boundary =
                boundaryIn.isEmpty()
                    ? QByteArrayLiteral("asgiscope-") + QUuid::createUuid().toByteArray(QUuid::Id128)
                    : boundaryIn;
            QMimeDatabase mimes;
            for (const ComposerField& f : request.multipartFields) {
                if (!f.enabled || f.key.isEmpty()) continue;
                built.body += "--" + boundary + "\r\n";
                built.body += "Content-Disposition: form-data; name=\"" + quotedParam(f.key) + '"';
                if (f.isFile) {
                    QFile file(f.value);
                    if (f.value.isEmpty() || !file.open(QIODevice::ReadOnly)) {
                        built.error = QCoreApplication::translate("ComposerRequest", "Cannot read the file \"%1\" of field %2.")
                                          .arg(f.value, f.key);
                        built.body.clear();
                        return built;
                    }
                    const QFileInfo info(f.value);
                    built.body += "; filename=\"" + quotedParam(info.fileName()) + "\"\r\n";
                    built.body += "Content-Type: " + mimes.mimeTypeForFile(info).name().toLatin1() +
                                  "\r\n\r\n";
                    built.body += file.readAll();
                } else {
                    built.body += "\r\n\r\n" + f.value.toUtf8();
                }
                built.body += "\r\n";
            }
            built.body += "--" + boundary + "--\r\n";
            contentType = "multipart/form-data; boundary=" + boundary;
            break;
        }
    }
    if (!contentType.isEmpty() && !hasHeader(built.headers, QByteArrayLiteral("content-type")))
        built.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return built;
}

trace::RequestRecord toRequestRecord(const BuiltRequest& built) {
    trace::RequestRecord r;
    r.method = built.method.toStdString();
    r.url = built.url.toString(QUrl::FullyEncoded).toStdString();
    for (const auto& [name, value] : built.headers) r.headers.emplace_back(name.toStdString(), value.toStdString());
    r.body = asgi::Bytes(built.body.toStdString());
    return r;
}

QString toCurl(const ComposerRequest& request, const QUrl& base, QString* error) {
    const BuiltRequest built = buildRequest(request, base);
    if (!built.error.isEmpty()) {
        if (error) *error = built.error;
        return {};
    }
    return QString::fromStdString(trace::to_curl(toRequestRecord(built)));
}

ComposerRequest fromRequestRecord(const trace::RequestRecord& record) {
    ComposerRequest r;
    r.method = QString::fromStdString(record.method);
    r.url = QString::fromStdString(record.url);
    const QString contentType = contentTypeOf(record);
    const QString mime = contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    const QByteArray body(record.body.data(), qsizetype(record.body.size()));
    const QString text = QString::fromUtf8(body);
    if (!body.isEmpty()) {
        if ((mime == QLatin1String("application/json") || mime.endsWith(QLatin1String("+json"))) &&
            checkJson(text).ok) {
            r.bodyMode = ComposerBodyMode::Json;
            r.jsonBody = text;
        } else if (mime == QLatin1String("application/x-www-form-urlencoded")) {
            r.bodyMode = ComposerBodyMode::Form;
            r.formFields = parsePairs(text);
        } else {
            r.bodyMode = ComposerBodyMode::Raw;
            r.rawBody = text;
            r.rawContentType = contentType;
        }
    }
    for (const auto& [name, value] : record.headers) {
        const QString n = QString::fromStdString(name);
        if (n.compare(QLatin1String("host"), Qt::CaseInsensitive) == 0 ||
            n.compare(QLatin1String("content-length"), Qt::CaseInsensitive) == 0)
            continue;
        // The body mode sets the content type (a raw body keeps it in its own field).
        if (n.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0 && !body.isEmpty())
            continue;
        r.headers << ComposerField{n, QString::fromStdString(value), true, false};
    }
    return r;
}

std::optional<ComposerRequest> fromCurl(const QString& text, QString* error) {
    try {
        const auto exchanges = trace::parse_curl_commands(text.toStdString(), "curl");
        if (exchanges.empty()) {
            if (error) *error = QCoreApplication::translate("ComposerRequest", "No curl command found in the text.");
            return std::nullopt;
        }
        if (exchanges.front().kind != trace::TraceKind::http) {
            if (error) *error = QCoreApplication::translate("ComposerRequest", "The command opens a WebSocket; the composer sends HTTP requests.");
            return std::nullopt;
        }
        return fromRequestRecord(exchanges.front().request);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

QJsonObject toJson(const ComposerRequest& r, int maxBodyChars) {
    static const char* modes[] = {"none", "raw", "json", "form", "multipart"};
    return QJsonObject{
        {QStringLiteral("method"), r.method},
        {QStringLiteral("url"), r.url},
        {QStringLiteral("headers"), fieldsToJson(r.headers, maxBodyChars)},
        {QStringLiteral("mode"), QLatin1String(modes[int(r.bodyMode)])},
        {QStringLiteral("raw"), r.rawBody.left(maxBodyChars)},
        {QStringLiteral("rawContentType"), r.rawContentType},
        {QStringLiteral("json"), r.jsonBody.left(maxBodyChars)},
        {QStringLiteral("form"), fieldsToJson(r.formFields, maxBodyChars)},
        {QStringLiteral("multipart"), fieldsToJson(r.multipartFields, maxBodyChars)},
    };
}

ComposerRequest composerRequestFromJson(const QJsonObject& o) {
    ComposerRequest r;
    r.method = o.value(QStringLiteral("method")).toString(QStringLiteral("GET"));
    r.url = o.value(QStringLiteral("url")).toString();
    r.headers = fieldsFromJson(o.value(QStringLiteral("headers")));
    const QString mode = o.value(QStringLiteral("mode")).toString();
    r.bodyMode = mode == QLatin1String("raw")         ? ComposerBodyMode::Raw
                 : mode == QLatin1String("json")      ? ComposerBodyMode::Json
                 : mode == QLatin1String("form")      ? ComposerBodyMode::Form
                 : mode == QLatin1String("multipart") ? ComposerBodyMode::Multipart
                                                      : ComposerBodyMode::None;
    r.rawBody = o.value(QStringLiteral("raw")).toString();
    r.rawContentType = o.value(QStringLiteral("rawContentType")).toString(QStringLiteral("text/plain"));
    r.jsonBody = o.value(QStringLiteral("json")).toString();
    r.formFields = fieldsFromJson(o.value(QStringLiteral("form")));
    r.multipartFields = fieldsFromJson(o.value(QStringLiteral("multipart")));
    return r;
}

}  // namespace asgiscope::ui
