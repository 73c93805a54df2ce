// forms.md: url-encoded and multipart forms, uploaded files, and the limits of form().
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
using boost::asio::awaitable;

awaitable<Response> profile(Request& request) {
    const FormData form = co_await request.form();
    std::string answer = std::string(form.text("name").value_or("?"));
    for (const FormValue* tag : form.getlist("tag")) answer += " #" + std::get<std::string>(*tag);
    co_return PlainTextResponse(answer);
}

awaitable<Response> upload(Request& request) {
    FormOptions limits;
    limits.max_files = 1;
    const FormData form = co_await request.form(limits);
    const std::shared_ptr<UploadFile> file = form.file("photo");
    if (!file) throw HTTPException(400, "no photo");
    const std::string data = file->read();
    co_return PlainTextResponse(file->filename().value_or("") + " " + std::string(file->content_type().value_or("")) +
                                " " + std::to_string(data.size()) + " bytes");
}

int main() {
    Starlette app({.routes = {Route("/profile", profile, {.methods = {"POST"}}),
                              Route("/upload", upload, {.methods = {"POST"}})}});
    TestClient client(app);

    const TestResponse plain = client.post("/profile", {.data = {{"name", "Ada"}, {"tag", "math"}, {"tag", "poetry"}}});
    CHECK(plain.text() == "Ada #math #poetry");

    RequestFile photo{.filename = "cat.png", .content = std::string(2048, '\x89')};
    const TestResponse sent = client.post("/upload", {.files = {{"photo", photo}}});
    CHECK(sent.text() == "cat.png image/png 2048 bytes");  // the type guessed from the name

    // More files than the endpoint allows: 400 with the parser's message.
    const TestResponse two = client.post("/upload", {.files = {{"photo", photo}, {"photo", photo}}});
    CHECK(two.status_code == 400);
    CHECK(two.text() == "Too many files. Maximum number of files is 1.");
    return 0;
}
