// authentication.md: a backend that reads a bearer token, endpoints guarded by scopes, and
// what anonymous users and bad credentials get.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
using boost::asio::awaitable;

// "Bearer <name>" authenticates <name>; the name "root" also gets the "admin" scope.
class TokenBackend : public AuthenticationBackend {
public:
    awaitable<AuthResult> authenticate(HTTPConnection& conn) override {
        const std::optional<std::string_view> header = conn.headers().get("authorization");
        if (!header) co_return std::nullopt;  // anonymous
        if (!header->starts_with("Bearer ")) throw AuthenticationError("Invalid authorization header");
        const std::string name(header->substr(7));
        AuthCredentials credentials{"authenticated"};
        if (name == "root") credentials.scopes.insert("admin");
        std::shared_ptr<BaseUser> user = std::make_shared<SimpleUser>(name);
        co_return std::make_pair(credentials, user);
    }
};

awaitable<Response> whoami(Request& request) {
    const BaseUser& user = request.user();
    co_return PlainTextResponse(user.is_authenticated() ? user.display_name() : "anonymous");
}

awaitable<Response> login(Request&) { co_return PlainTextResponse("please log in"); }

int main() {
    Starlette app({
        .routes = {Route("/whoami", whoami),
                   Route("/login", login, {.name = "login"}),
                   Route("/profile", requires_({"authenticated"}, whoami, {.redirect = "login"})),
                   Route("/admin", requires_({"authenticated", "admin"}, whoami))},
        .middleware = {Middleware::of<AuthenticationMiddleware>({.backend = std::make_shared<TokenBackend>()})},
    });
    TestClient client(app, {.follow_redirects = false});
    const RequestOptions ada{.headers = {{"authorization", "Bearer ada"}}};
    const RequestOptions root{.headers = {{"authorization", "Bearer root"}}};

    CHECK(client.get("/whoami").text() == "anonymous");
    CHECK(client.get("/whoami", ada).text() == "ada");

    // Missing scopes: 403, or a 303 to the login page that says where to come back to.
    CHECK(client.get("/admin", ada).status_code == 403);
    CHECK(client.get("/admin", root).text() == "root");
    const TestResponse away = client.get("/profile");
    CHECK(away.status_code == 303);
    CHECK(away.headers["location"] == "http://testserver/login?next=http%3A%2F%2Ftestserver%2Fprofile");

    // Credentials that are present but wrong: on_error's answer, by default 400.
    const TestResponse bad = client.get("/whoami", {.headers = {{"authorization", "Basic xyz"}}});
    CHECK(bad.status_code == 400 && bad.text() == "Invalid authorization header");
    return 0;
}
