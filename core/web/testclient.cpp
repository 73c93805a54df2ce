#include <asgiscope/web/testclient.hpp>

#include <random>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "../server/detail/event.hpp"
#include "detail/text.hpp"

namespace asgiscope::web {

namespace asio = boost::asio;
using server::detail::Event;

namespace {

// One request and what came back.
struct Exchange {
    explicit Exchange(asio::io_context& ioc) : response_complete(ioc.get_executor()) {}
    asgi::Scope scope;
    std::string body;
    bool head = false;
    bool request_sent = false;
    bool started = false;
    bool complete = false;
    int status = 0;
    asgi::Headers headers;
    std::string content;
    Event response_complete;
    bool done = false;  // the app has returned (or thrown: `error`)
    std::exception_ptr error;
};

asio::awaitable<asgi::Message> exchange_receive(Exchange& x) {
    if (!x.request_sent) {
        x.request_sent = true;
        co_return asgi::HttpRequest(asgi::Bytes(std::move(x.body)), false);
    }
    co_await x.response_complete.wait();
    co_return asgi::HttpDisconnect{};
}

asio::awaitable<void> exchange_send(Exchange& x, asgi::Message message) {
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
        if (x.started) throw asgi::ProtocolError("Received multiple \"http.response.start\" messages.");
        x.started = true;
        x.status = start->status;
        x.headers = std::move(start->headers);
    } else if (auto* body = std::get_if<asgi::HttpResponseBody>(&message)) {
        if (!x.started) throw asgi::ProtocolError("Received \"http.response.body\" without \"http.response.start\".");
        if (x.complete) throw asgi::ProtocolError("Received \"http.response.body\" after response completed.");
        if (!x.head) x.content.append(body->body.view());
        if (!body->more_body) {
            x.complete = true;
            x.response_complete.set();
        }
    } else {
        throw asgi::ProtocolError("Unexpected ASGI message '" + std::string(asgi::type_name(message)) +
                                  "' sent in the http protocol.");
    }
    co_return;
}

// Holds `x` for as long as the app runs, even past a TestClient timeout.
asio::awaitable<void> run_exchange(const asgi::App& app, std::shared_ptr<Exchange> keep) {
    Exchange& x = *keep;
    co_await app(
        x.scope, [&x]() { return exchange_receive(x); },
        [&x](asgi::Message m) { return exchange_send(x, std::move(m)); });
}

// The lifespan conversation with the app.
struct LifespanRun {
    explicit LifespanRun(asio::io_context& ioc) : shutdown_requested(ioc.get_executor()) {}
    asgi::Scope scope;
    int receives = 0;
    Event shutdown_requested;
    bool startup_answered = false;
    bool shutdown_answered = false;
    std::optional<std::string> failure;  // message of a *.failed
    bool finished = false;
    std::exception_ptr error;
};

asio::awaitable<asgi::Message> lifespan_receive(LifespanRun& l) {
    const int n = ++l.receives;
    if (n == 1) co_return asgi::LifespanStartup{};
    if (n > 2) throw asgi::ProtocolError("lifespan: receive() called after lifespan.shutdown");
    co_await l.shutdown_requested.wait();
    co_return asgi::LifespanShutdown{};
}

asio::awaitable<void> lifespan_send(LifespanRun& l, asgi::Message message) {
    if (std::holds_alternative<asgi::LifespanStartupComplete>(message) && !l.startup_answered) {
        l.startup_answered = true;
    } else if (auto* f = std::get_if<asgi::LifespanStartupFailed>(&message); f && !l.startup_answered) {
        l.startup_answered = true;
        l.failure = f->message;
    } else if (std::holds_alternative<asgi::LifespanShutdownComplete>(message) && l.shutdown_requested.is_set()) {
        l.shutdown_answered = true;
    } else if (auto* sf = std::get_if<asgi::LifespanShutdownFailed>(&message); sf && l.shutdown_requested.is_set()) {
        l.shutdown_answered = true;
        l.failure = sf->message;
    } else {
        throw asgi::ProtocolError("Unexpected ASGI message '" + std::string(asgi::type_name(message)) +
                                  "' sent in the lifespan protocol.");
    }
    co_return;
}

asio::awaitable<void> run_lifespan(const asgi::App& app, std::shared_ptr<LifespanRun> keep) {
    LifespanRun& l = *keep;
    co_await app(
        l.scope, [&l]() { return lifespan_receive(l); },
        [&l](asgi::Message m) { return lifespan_send(l, std::move(m)); });
}

// Python's urljoin for the cases redirects need: absolute, host-relative, path-relative.
std::string join_url(const URL& base, std::string_view ref) {
    const URL r{std::string(ref)};
    if (!r.scheme().empty()) return std::string(ref);
    if (ref.starts_with("//")) return base.scheme() + ":" + std::string(ref);
    if (ref.starts_with("/")) return base.scheme() + "://" + base.netloc() + std::string(ref);
    std::string dir = base.path().substr(0, base.path().rfind('/') + 1);
    if (dir.empty()) dir = "/";
    return base.scheme() + "://" + base.netloc() + dir + std::string(ref);
}

// httpx's base_url merge: the base path (made to end in '/') followed by the relative URL.
std::string resolve(const std::string& base_url, std::string_view url) {
    const URL u{std::string(url)};
    if (!u.scheme().empty() && !u.netloc().empty()) return std::string(url);
    std::string base = base_url;
    if (base.empty() || base.back() != '/') base += '/';
    while (!url.empty() && url.front() == '/') url.remove_prefix(1);
    return base + std::string(url);
}

// Puts the caller's headers over the defaults: the first of a name replaces the default of
// that name, further ones of the same name are added.
void merge_headers(asgi::Headers& headers, std::size_t defaults, const asgi::Headers& given) {
    std::vector<bool> replaced(defaults, false);
    for (const auto& [name, value] : given) {
        bool done = false;
        for (std::size_t i = 0; i < defaults && !done; ++i)
            if (!replaced[i] && detail::iequals(headers[i].first, name)) {
                headers[i].second = value;
                replaced[i] = done = true;
            }
        if (!done) headers.emplace_back(detail::to_lower(name), value);
    }
}

// httpx's guess (Python's mimetypes) for the usual extensions.
std::string guess_content_type(std::string_view filename) {
    static const std::pair<std::string_view, std::string_view> known[] = {
        {".txt", "text/plain"},       {".html", "text/html"},      {".htm", "text/html"},
        {".css", "text/css"},         {".csv", "text/csv"},        {".js", "text/javascript"},
        {".json", "application/json"}, {".xml", "application/xml"}, {".pdf", "application/pdf"},
        {".zip", "application/zip"},  {".png", "image/png"},       {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},      {".gif", "image/gif"},       {".svg", "image/svg+xml"},
        {".webp", "image/webp"}};
    const auto dot = filename.rfind('.');
    if (dot != std::string_view::npos) {
        const std::string ext = detail::to_lower(filename.substr(dot));
        for (const auto& [e, type] : known)
            if (ext == e) return std::string(type);
    }
    return "application/octet-stream";
}

// A name or filename inside Content-Disposition quotes, escaped as httpx (HTML5) does.
std::string form_param(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '"') {
            out += "%22";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (static_cast<unsigned char>(c) < 0x20 && c != 0x1b) {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

// httpx's boundary: 16 random bytes in hex.
std::string random_boundary() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) out += hex[rng() & 0xf];
    return out;
}

std::string encode_multipart(const StringPairs& data, const std::vector<std::pair<std::string, RequestFile>>& files,
                             const std::string& boundary) {
    std::string out;
    for (const auto& [name, value] : data) {
        out += "--" + boundary + "\r\n";
        out += "Content-Disposition: form-data; name=\"" + form_param(name) + "\"\r\n\r\n";
        out += value + "\r\n";
    }
    for (const auto& [name, file] : files) {
        out += "--" + boundary + "\r\n";
        out += "Content-Disposition: form-data; name=\"" + form_param(name) + "\"; filename=\"" +
               form_param(file.filename) + "\"\r\n";
        out += "Content-Type: " + file.content_type.value_or(guess_content_type(file.filename)) + "\r\n\r\n";
        out += file.content + "\r\n";
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace

struct TestClient::Impl {
    asio::io_context ioc;  // first member: destroyed last, after the events that use it
    asgi::App app;
    TestClientOptions options;
    std::shared_ptr<asgi::State> state = std::make_shared<asgi::State>();
    std::map<std::string, std::string> jar;
    std::shared_ptr<LifespanRun> lifespan;

    // Runs the loop until `done` or the timeout.
    void run_until(const bool& done, const char* what) {
        const auto deadline = std::chrono::steady_clock::now() + options.timeout;
        while (!done) {
            if (ioc.stopped()) ioc.restart();
            const std::size_t ran = ioc.run_one_until(deadline);
            if (done) break;
            if (std::chrono::steady_clock::now() >= deadline)
                throw std::runtime_error(std::string("TestClient: ") + what + " did not finish in time");
            if (ran == 0 && ioc.stopped())
                throw std::runtime_error(std::string("TestClient: ") + what + " stalled");
        }
    }

    TestResponse send_one(std::string_view method, const std::string& target, std::string body,
                          const asgi::Headers& extra_headers, bool has_body);
    void remember_cookies(const asgi::Headers& headers);
};

TestResponse TestClient::Impl::send_one(std::string_view method, const std::string& target, std::string body,
                                        const asgi::Headers& extra_headers, bool has_body) {
    const URL url(target);
    const auto exchange = std::make_shared<Exchange>(ioc);
    Exchange& x = *exchange;
    asgi::Scope& s = x.scope;
    s.type = "http";
    s.asgi.spec_version = "2.4";
    s.http_version = "1.1";
    s.method = std::string(method);
    s.scheme = url.scheme().empty() ? "http" : url.scheme();
    const int default_port = (s.scheme == "https" || s.scheme == "wss") ? 443 : 80;
    const std::string raw_path = detail::quote(url.path().empty() ? "/" : url.path(), "/%:@!$&'()*+,;=[]~");
    s.raw_path = options.root_path + raw_path;
    s.path = options.root_path + detail::unquote(raw_path);
    s.query_string = detail::quote(url.query(), "/%:@!$&'()*+,;=?[]~");
    s.root_path = options.root_path;
    s.client = asgi::Address{"testclient", 50000};
    s.server = asgi::Address{url.hostname().value_or("testserver"), std::uint16_t(url.port().value_or(default_port))};
    if (!state->empty()) s.state = std::make_shared<asgi::State>(*state);

    // httpx's order: Host, its defaults, the body's headers, then the caller's; Cookie last.
    asgi::Headers& h = s.headers;
    h.emplace_back("host", url.netloc());
    h.emplace_back("accept", "*/*");
    h.emplace_back("accept-encoding", "gzip, deflate");
    h.emplace_back("connection", "keep-alive");
    h.emplace_back("user-agent", "testclient");
    if (has_body || method == "POST" || method == "PUT" || method == "PATCH")
        h.emplace_back("content-length", std::to_string(body.size()));
    asgi::Headers given = options.headers;  // the client's, overridden by the request's
    merge_headers(given, given.size(), extra_headers);
    merge_headers(h, h.size(), given);
    if (!jar.empty()) {
        std::string cookie;
        for (const auto& [k, v] : jar) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
        bool merged = false;
        for (auto& [k, v] : h)
            if (k == "cookie") {
                v = cookie + "; " + v;
                merged = true;
            }
        if (!merged) h.emplace_back("cookie", std::move(cookie));
    }
    x.body = std::move(body);
    x.head = method == "HEAD";

    asio::co_spawn(ioc, run_exchange(app, exchange), [exchange](std::exception_ptr e) {
        exchange->error = e;
        exchange->done = true;
    });
    run_until(x.done, "the request");
    if (x.error && options.raise_server_exceptions) std::rethrow_exception(x.error);

    TestResponse r;
    r.url = url;
    if (!x.started) {
        if (options.raise_server_exceptions) throw std::runtime_error("TestClient did not receive any response.");
        r.status_code = 500;
        return r;
    }
    r.status_code = x.status;
    r.headers = Headers(std::move(x.headers));
    r.content = std::move(x.content);
    remember_cookies(r.headers.raw());
    return r;
}

void TestClient::Impl::remember_cookies(const asgi::Headers& headers) {
    for (const auto& [k, v] : headers) {
        if (!detail::iequals(k, "set-cookie")) continue;
        std::string_view text = v;
        const std::string_view pair = text.substr(0, text.find(';'));
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string name(detail::trim(pair.substr(0, eq)));
        bool expired = false;
        for (std::string_view rest = text; rest.find(';') != std::string_view::npos;) {
            rest.remove_prefix(rest.find(';') + 1);
            const std::string_view attr = detail::trim(rest.substr(0, rest.find(';')));
            if (detail::iequals(attr.substr(0, 8), "max-age=")) {
                const std::string_view age = attr.substr(8);
                expired = age.starts_with("-") || age.find_first_not_of('0') == std::string_view::npos;
            }
        }
        if (expired)
            jar.erase(name);
        else
            jar[name] = std::string(detail::trim(pair.substr(eq + 1)));
    }
}

boost::json::value TestResponse::json() const {
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(content, ec);
    if (ec) throw std::invalid_argument("response body is not JSON: " + ec.message());
    return v;
}

TestClient::TestClient(asgi::App app, TestClientOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->app = std::move(app);
    impl_->options = std::move(options);
}

TestClient::~TestClient() {
    try {
        if (is_open()) close();
    } catch (...) {
    }
}

bool TestClient::is_open() const { return impl_->lifespan != nullptr; }

void TestClient::open() {
    if (impl_->lifespan) return;
    Impl& m = *impl_;
    auto run = std::make_shared<LifespanRun>(m.ioc);
    run->scope.type = "lifespan";
    run->scope.asgi.spec_version = "2.0";
    run->scope.state = m.state;
    LifespanRun& l = *run;
    m.lifespan = run;
    asio::co_spawn(m.ioc, run_lifespan(m.app, run), [run](std::exception_ptr e) {
        run->error = e;
        run->finished = true;
        run->startup_answered = true;
        run->shutdown_answered = true;
    });
    try {
        m.run_until(l.startup_answered, "lifespan startup");
        if (l.failure && !l.finished) m.run_until(l.finished, "lifespan startup");
    } catch (...) {
        m.lifespan.reset();
        throw;
    }
    if (l.error || l.failure || l.finished) {
        const std::exception_ptr error = l.error;
        const std::string message = l.failure.value_or("the app returned during lifespan startup");
        m.lifespan.reset();
        if (error) std::rethrow_exception(error);
        throw std::runtime_error("lifespan startup failed: " + message);
    }
}

void TestClient::close() {
    Impl& m = *impl_;
    if (!m.lifespan) return;
    LifespanRun& l = *m.lifespan;
    l.shutdown_requested.set();
    try {
        m.run_until(l.shutdown_answered, "lifespan shutdown");
        m.run_until(l.finished, "lifespan shutdown");
    } catch (...) {
        m.lifespan.reset();
        throw;
    }
    const std::exception_ptr error = l.error;
    const std::optional<std::string> failure = l.failure;
    m.lifespan.reset();
    if (error) std::rethrow_exception(error);
    if (failure) throw std::runtime_error("lifespan shutdown failed: " + *failure);
}

TestResponse TestClient::request(std::string_view method, std::string_view url, const RequestOptions& options) {
    Impl& m = *impl_;
    std::string target = resolve(m.options.base_url, url);
    if (!options.params.empty()) {
        const auto hash = target.find('#');
        if (hash != std::string::npos) target.resize(hash);
        target += (target.find('?') == std::string::npos ? "?" : "&") + detail::urlencode(options.params);
    }
    asgi::Headers headers;
    std::string body;
    bool has_body = false;
    if (options.content) {
        body = *options.content;
        has_body = true;
    } else if (options.json) {
        body = boost::json::serialize(*options.json);
        has_body = true;
        headers.emplace_back("content-type", "application/json");
    } else if (!options.files.empty()) {
        const std::string boundary = random_boundary();
        body = encode_multipart(options.data, options.files, boundary);
        has_body = true;
        headers.emplace_back("content-type", "multipart/form-data; boundary=" + boundary);
    } else if (!options.data.empty()) {
        body = detail::urlencode(options.data);
        has_body = true;
        headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    }
    headers.insert(headers.end(), options.headers.begin(), options.headers.end());
    if (!options.cookies.empty()) {
        std::string cookie;
        for (const auto& [k, v] : options.cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
        headers.emplace_back("cookie", std::move(cookie));
    }

    const bool follow = options.follow_redirects.value_or(m.options.follow_redirects);
    std::string current_method(method);
    std::vector<TestResponse> history;
    for (int hops = 0;; ++hops) {
        TestResponse r = m.send_one(current_method, target, body, headers, has_body);
        const int sc = r.status_code;
        const auto location = r.headers.get("location");
        if (!follow || !location || !(sc == 301 || sc == 302 || sc == 303 || sc == 307 || sc == 308)) {
            r.history = std::move(history);
            return r;
        }
        if (hops >= 20) throw std::runtime_error("TestClient: too many redirects");
        target = join_url(r.url, *location);
        // httpx: 303 turns into GET (except HEAD), and so do 301/302 after a POST.
        if ((sc == 303 && current_method != "HEAD") || ((sc == 301 || sc == 302) && current_method == "POST")) {
            current_method = "GET";
            body.clear();
            has_body = false;
            std::erase_if(headers, [](const auto& p) { return detail::iequals(p.first, "content-type"); });
        }
        r.history.clear();
        history.push_back(std::move(r));
    }
}

const std::map<std::string, std::string>& TestClient::cookies() const { return impl_->jar; }

const std::shared_ptr<asgi::State>& TestClient::app_state() const { return impl_->state; }

}  // namespace asgiscope::web
