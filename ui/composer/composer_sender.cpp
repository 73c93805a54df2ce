#include "composer/composer_sender.hpp"

#include <chrono>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <asgiscope/web/status.hpp>
#include <asgiscope/web/testclient.hpp>

namespace asgiscope::ui {

ComposerSender::ComposerSender(QObject* parent)
    : QObject(parent), nam_(new QNetworkAccessManager(this)) {
    qRegisterMetaType<ComposerResponse>();
}

ComposerSender::~ComposerSender() {
    if (reply_) {
        disconnect(reply_, nullptr, this, nullptr);
        reply_->abort();
    }
    if (worker_.joinable()) worker_.join();  // the TestClient's own timeout bounds this
}

bool ComposerSender::sendNetwork(const BuiltRequest& request) {
    if (busy_) return false;
    busy_ = true;
    aborted_ = false;
    QNetworkRequest r(request.url);
    for (const auto& [name, value] : request.headers) r.setRawHeader(name, value);
    r.setTransferTimeout(timeoutMs_);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    elapsed_.start();
    reply_ = nam_->sendCustomRequest(r, request.method, request.body);
    connect(reply_, &QNetworkReply::finished, this, &ComposerSender::onReplyFinished);
    return true;
}

void ComposerSender::onReplyFinished() {
    QNetworkReply* reply = reply_;
    if (!reply) return;
    reply_ = nullptr;
    reply->deleteLater();
    ComposerResponse r;
    r.totalMs = double(elapsed_.nsecsElapsed()) / 1e6;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    r.headers = reply->rawHeaderPairs();
    if (reply->isOpen()) r.body = reply->readAll();
    if (r.status == 0 || reply->error() == QNetworkReply::OperationCanceledError) {
        // No HTTP response: name what went wrong.
        if (reply->error() == QNetworkReply::OperationCanceledError)
            r.error = aborted_ ? tr("The request was cancelled.")
                               : tr("No response within %1 s (timed out).").arg(timeoutMs_ / 1000.0);
        else if (reply->error() == QNetworkReply::ConnectionRefusedError)
            r.error = tr("Connection refused by %1: is the server running?")
                          .arg(reply->url().authority());
        else
            r.error = reply->errorString().isEmpty() ? tr("No response.") : reply->errorString();
        r.status = 0;
    }
    deliver(r);
}

bool ComposerSender::sendInProcess(const BuiltRequest& request, const web::Starlette& app) {
    if (busy_) return false;
    busy_ = true;
    aborted_ = false;
    if (worker_.joinable()) worker_.join();  // the previous one has delivered already
    const std::string method = request.method.toStdString();
    const QUrl& u = request.url;
    const std::string base = u.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                                 .toString(QUrl::FullyEncoded)
                                 .toStdString();
    std::string target = u.path(QUrl::FullyEncoded).toStdString();
    if (target.empty()) target = "/";
    if (u.hasQuery()) target += "?" + u.query(QUrl::FullyEncoded).toStdString();
    asgi::Headers headers;
    for (const auto& [name, value] : request.headers)
        headers.emplace_back(name.toStdString(), value.toStdString());
    std::string body = request.body.toStdString();
    const auto timeout = std::chrono::milliseconds(timeoutMs_);
    worker_ = std::thread([this, app, method, base, target, headers = std::move(headers),
                           body = std::move(body), timeout]() mutable {
        ComposerResponse r;
        r.inProcess = true;
        const auto t0 = std::chrono::steady_clock::now();
        try {
            web::TestClient client(app, {.base_url = base,
                                         .raise_server_exceptions = false,
                                         .follow_redirects = false,
                                         .timeout = timeout});
            web::RequestOptions options;
            options.headers = std::move(headers);
            if (!body.empty()) options.content = std::move(body);
            const web::TestResponse resp = client.request(method, target, options);
            r.status = resp.status_code;
            const std::string_view phrase = web::status::reason_phrase(resp.status_code);
            r.reason = QString::fromUtf8(phrase.data(), qsizetype(phrase.size()));
            for (const auto& [name, value] : resp.headers.raw())
                r.headers.append({QByteArray::fromStdString(name), QByteArray::fromStdString(value)});
            r.body = QByteArray::fromStdString(resp.content);
        } catch (const std::exception& e) {
            r.error = tr("The in-process request failed: %1").arg(QString::fromUtf8(e.what()));
        } catch (...) {
            r.error = tr("The in-process request failed.");
        }
        r.totalMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        // The destructor joins this thread, so `this` outlives the call; the queued call is
        // dropped if the sender is gone by the time it would run.
        QMetaObject::invokeMethod(this, [this, r] { deliver(r); }, Qt::QueuedConnection);
    });
    return true;
}

void ComposerSender::abort() {
    if (reply_) {
        aborted_ = true;
        reply_->abort();
    }
}

void ComposerSender::deliver(const ComposerResponse& response) {
    busy_ = false;
    emit finished(response);
}

}  // namespace asgiscope::ui
