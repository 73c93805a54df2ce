#include <asgiscope/web/middleware/sessions.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>

#include <boost/json.hpp>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/requests/http_connection.hpp>

#include "../detail/signer.hpp"
#include "../detail/text.hpp"

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace json = boost::json;

namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An empty session dictionary for a request. The one the previous request on this thread
// had is reused when nothing else kept it: this thread's `spare` is then its only owner and no
// other thread can take a new reference to it. A request that loads no session (no cookie,
// the usual case) so costs no allocation.
std::shared_ptr<json::object> fresh_session() {
    thread_local std::shared_ptr<json::object> spare;
    if (spare && spare.use_count() == 1) {
        // A thread that dropped its last reference before our read: its writes to the
        // dictionary happen before our clear().
        std::atomic_thread_fence(std::memory_order_acquire);
        spare->clear();
        return spare;
    }
    spare = std::make_shared<json::object>();
    return spare;
}

}  // namespace

SessionMiddleware::SessionMiddleware(asgi::App app, Options options)
    : app_(std::move(app)),
      options_(std::move(options)),
      signer_(std::make_shared<const detail::TimestampSigner>(options_.secret_key)) {
    const std::string same_site = detail::to_lower(options_.same_site);
    if (same_site != "lax" && same_site != "strict" && same_site != "none")
        throw std::invalid_argument("same_site must be either 'lax', 'strict' or 'none'");
    security_flags_ = "httponly; samesite=" + options_.same_site;
    if (options_.https_only) security_flags_ += "; secure";  // the Secure flag: HTTPS only
    if (options_.domain) security_flags_ += "; domain=" + *options_.domain;
    if (options_.partitioned) security_flags_ += "; partitioned";
}

std::string SessionMiddleware::encode(const json::object& session, std::int64_t now) const {
    return signer_->sign(asgi::base64_encode(json::serialize(session)), now);
}

std::optional<json::object> SessionMiddleware::decode(std::string_view cookie, std::int64_t now) const {
    std::optional<std::int64_t> max_age;
    if (options_.max_age) max_age = *options_.max_age;
    const std::optional<std::string> payload = signer_->unsign(cookie, max_age, now);
    if (!payload) return std::nullopt;
    const std::optional<std::string> text = asgi::base64_decode(*payload);
    if (!text) return std::nullopt;
    json::error_code ec;
    json::value v = json::parse(*text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

boost::asio::awaitable<void> SessionMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                           asgi::Send send) const {
    if (scope.type != "http"sv && scope.type != "websocket"sv) return app_(scope, std::move(receive), std::move(send));

    // The session as it came, serialised: the response compares against it to tell changes.
    std::optional<std::string> initial;
    scope.session = fresh_session();
    scope.session_accessed = false;
    // Without a Cookie header there is no session to load (and no cookie map to build).
    if (asgi::find_header(scope.headers, "cookie")) {
        const HTTPConnection conn(scope);
        const Cookies& cookies = conn.cookies();
        if (auto it = cookies.find(options_.session_cookie); it != cookies.end()) {
            if (std::optional<json::object> loaded = decode(it->second, unix_now())) {
                *scope.session = std::move(*loaded);
                initial = json::serialize(*scope.session);
            }
        }
    }
    return call(scope, std::move(receive), std::move(send), std::move(initial));
}

boost::asio::awaitable<void> SessionMiddleware::call(asgi::Scope& scope, asgi::Receive receive, asgi::Send send,
                                                     std::optional<std::string> initial) const {
    // The wrapped send refers to this frame, which outlives the app's use of it: one pointer,
    // so std::function holds it without allocating.
    struct Refs {
        const SessionMiddleware* self;
        asgi::Scope* scope;
        const std::string* initial;
        const asgi::Send* send;
    };
    const Refs refs{this, &scope, initial ? &*initial : nullptr, &send};
    asgi::Send wrapped = [&refs](asgi::Message&& message) {
        return refs.self->send_wrapped(*refs.scope, refs.initial, *refs.send, std::move(message));
    };
    co_await app_(scope, std::move(receive), std::move(wrapped));
}

// A plain function, not a coroutine: it returns the inner send's awaitable, adding no frame.
boost::asio::awaitable<void> SessionMiddleware::send_wrapped(asgi::Scope& scope, const std::string* initial,
                                                             const asgi::Send& send, asgi::Message&& message) const {
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) add_headers(scope, initial, start->headers);
    return send(std::move(message));
}

void SessionMiddleware::add_headers(asgi::Scope& scope, const std::string* initial, asgi::Headers& raw) const {
    MutableHeaders headers = MutableHeaders::view(raw);
    if (scope.session_accessed) headers.add_vary_header("Cookie");
    const bool empty = !scope.session || scope.session->empty();
    const std::string now = empty ? std::string("{}") : json::serialize(*scope.session);
    if (now == (initial ? *initial : std::string("{}"))) return;  // unchanged: no cookie

    const std::string& path = options_.path;
    if (!empty) {
        std::string value = options_.session_cookie + "=" + encode(*scope.session, unix_now()) + "; path=" + path + "; ";
        if (options_.max_age && *options_.max_age != 0) value += "Max-Age=" + std::to_string(*options_.max_age) + "; ";
        value += security_flags_;
        headers.append("set-cookie", value);
    } else if (initial) {
        // The session was cleared: expire the cookie.
        headers.append("set-cookie", options_.session_cookie + "=null; path=" + path +
                                         "; expires=Thu, 01 Jan 1970 00:00:00 GMT; " + security_flags_);
    }
}

}  // namespace asgiscope::web
