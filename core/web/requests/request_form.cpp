// Request::form(): which parser a body needs, and the form's cache in the scope.
#include <asgiscope/web/requests/request.hpp>

#include <any>
#include <memory>

#include <asgiscope/web/exceptions.hpp>

#include "../detail/options_header.hpp"

namespace asgiscope::web {

namespace {

std::shared_ptr<FormData> cached_form(const asgi::Scope& scope) {
    if (const auto* form = std::any_cast<std::shared_ptr<FormData>>(&scope.cached_form))
        return *form;
    return nullptr;
}

}  // namespace

boost::asio::awaitable<FormData> Request::form(FormOptions options) {
    if (std::shared_ptr<FormData> cached = cached_form(*scope_)) co_return *cached;
    auto parsed = std::make_shared<FormData>(co_await parse_form(options));
    scope_->cached_form = parsed;
    co_return *parsed;
}

boost::asio::awaitable<FormData> Request::parse_form(FormOptions options) {
    const std::string content_type =
        detail::parse_options_header(headers().get("content-type", "")).value;
    ByteStream next = [this] { return stream(); };
    std::optional<std::string> refused;
    if (content_type == "application/x-www-form-urlencoded") {
        const auto parser = std::make_unique<FormParser>(options);
        try {
            co_return co_await parser->parse(std::move(next));
        } catch (const MultiPartException& e) {
            if (!scope_->in_app) throw;
            refused = e.message();
        }
        throw HTTPException(400, std::move(refused));
    }
    if (content_type != "multipart/form-data") co_return FormData();
    std::unique_ptr<MultiPartParser> parser;
    try {
        parser = std::make_unique<MultiPartParser>(headers(), options);
    } catch (const MultiPartException& e) {
        if (!scope_->in_app) throw;
        refused = e.message();
    }
    if (!refused) {
        try {
            co_return co_await parser->parse(std::move(next));
        } catch (const MultiPartException& e) {
            if (!scope_->in_app) throw;
            refused = e.message();
        }
    }
    throw HTTPException(400, std::move(refused));
}

void Request::close() {
    if (std::shared_ptr<FormData> form = cached_form(*scope_)) form->close();
}

}  // namespace asgiscope::web
