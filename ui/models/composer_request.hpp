// ComposerRequest: the request the Composer panel edits, as plain data: method, URL, query
// and header rows, and a body in one of five modes. Builds the bytes to send, converts to and
// from cURL command lines and captured exchanges, and fills route patterns' path parameters.
#pragma once

#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QUrl>

#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::ui {

/// One row of the query, header, form or multipart table.
struct ComposerField {
    QString key;
    QString value;  ///< for a file row: the file's path
    bool enabled = true;
    bool isFile = false;  ///< multipart only: `value` names a file to send

    friend bool operator==(const ComposerField&, const ComposerField&) = default;
};

/// How the body is given.
enum class ComposerBodyMode { None, Raw, Json, Form, Multipart };

/// The request being edited.
struct ComposerRequest {
    QString method = QStringLiteral("GET");
    QString url;  ///< absolute, or a path resolved against the server's URL
    QList<ComposerField> headers;
    ComposerBodyMode bodyMode = ComposerBodyMode::None;
    QString rawBody;
    QString rawContentType = QStringLiteral("text/plain");
    QString jsonBody;
    QList<ComposerField> formFields;
    QList<ComposerField> multipartFields;

    friend bool operator==(const ComposerRequest&, const ComposerRequest&) = default;
};

/// The request as bytes on the wire, ready for QNetworkAccessManager, the TestClient or cURL.
struct BuiltRequest {
    QByteArray method;
    QUrl url;
    /// In order, duplicates kept; includes the Content-Type the body mode implies unless a
    /// header row sets one.
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /// Why the request cannot be built (invalid JSON, unreadable file, bad URL); empty: fine.
    QString error;
};

/// Where JSON is wrong: 1-based line and column of the parser's offset, and its message.
struct JsonCheck {
    bool ok = true;
    int line = 0;
    int column = 0;
    QString message;
};

/// A "{name:convertor}" of a route pattern.
struct PathParam {
    QString name;
    QString convertor = QStringLiteral("str");
};

/// The query rows of `url`'s query string, decoded, all enabled.
QList<ComposerField> queryFromUrl(const QString& url);
/// `url` with its query string replaced by the enabled rows of `query` (none: no '?').
QString urlWithQuery(const QString& url, const QList<ComposerField>& query);
/// The new query table when the URL's query changed: the URL's rows, enabled, followed by
/// the disabled rows of `previous` (which the URL cannot show).
QList<ComposerField> mergeQueryFromUrl(const QString& url, const QList<ComposerField>& previous);

/// Checks `text` as JSON; an empty text is an error too.
JsonCheck checkJson(const QString& text);
/// `text` indented, or nothing when it is not JSON.
std::optional<QString> formatJson(const QString& text);

/// The parameters of a route pattern ("/users/{id:int}" -> id, int).
QList<PathParam> pathParams(const QString& pattern);
/// Whether `value` is acceptable to `convertor` (int, float, uuid, path, str); `error` says
/// why not.
bool paramValueValid(const PathParam& param, const QString& value, QString* error = nullptr);
/// The pattern with each parameter replaced by its value, percent-encoded (a path value keeps
/// its slashes); nothing (and `error`) when a value is missing or invalid.
std::optional<QString> fillPath(const QString& pattern, const QMap<QString, QString>& values,
                                QString* error = nullptr);
/// The HTTP routes' full paths, for completing the URL ("/users/{id:int}"), sorted, no
/// duplicates; WebSocket routes and mounts left out.
QStringList routeCompletions(const inspect::AppDescription& description);

/// Builds what is sent. `base` resolves a relative URL; `boundary` is the multipart boundary
/// (empty: a random one).
BuiltRequest buildRequest(const ComposerRequest& request, const QUrl& base = {},
                          const QByteArray& boundary = {});
/// The built request as core's RequestRecord (for trace::to_curl).
trace::RequestRecord toRequestRecord(const BuiltRequest& built);
/// A bash cURL command line for the request; empty (and `error`) when it cannot be built.
QString toCurl(const ComposerRequest& request, const QUrl& base = {}, QString* error = nullptr);

/// A captured or imported request as something to edit: JSON and url-encoded bodies become
/// their modes, other bodies raw text; Host and Content-Length headers are left out (they
/// are worked out again when sending).
ComposerRequest fromRequestRecord(const trace::RequestRecord& record);
/// The first request of a pasted cURL command line; nothing and the parser's message in
/// `error` when it cannot be read.
std::optional<ComposerRequest> fromCurl(const QString& text, QString* error = nullptr);

/// To and from JSON (the history's storage form). `maxBodyChars` caps each body text.
QJsonObject toJson(const ComposerRequest& request, int maxBodyChars = 64 * 1024);
ComposerRequest composerRequestFromJson(const QJsonObject& object);

/// "GET", "POST", ... as the method combo offers them.
QStringList composerMethods();

}  // namespace asgiscope::ui
