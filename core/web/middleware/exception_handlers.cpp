#include <asgiscope/web/middleware/exception_handlers.hpp>

#include <algorithm>
#include <stdexcept>

#include <asgiscope/web/middleware/middleware.hpp>

namespace asgiscope::web {

ExceptionHandler::ExceptionHandler(int status_code,
                                   std::function<boost::asio::awaitable<Response>(Request&, const std::exception&)> handler)
    : status_code_(status_code) {
    call_ = [handler = std::move(handler)](Request& request, const std::exception_ptr& error) {
        const std::exception* found = nullptr;
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            found = &e;
        } catch (...) {
            throw std::logic_error("a status-code exception handler needs a std::exception");
        }
        return handler(request, *found);
    };
}

std::string ExceptionHandler::key_name() const {
    if (status_code_) return std::to_string(*status_code_);
    return type_ ? Middleware::class_name(*type_) : std::string();
}

bool ExceptionHandler::is_base_of(const ExceptionHandler& other) const {
    return catches_pointer_ && other.throws_pointer_ && catches_pointer_(other.throws_pointer_);
}

void ExceptionHandlerTable::add(ExceptionHandler handler) {
    if (handler.status_code()) {
        auto same = std::find_if(by_status_.begin(), by_status_.end(),
                                 [&](const ExceptionHandler& h) { return h.status_code() == handler.status_code(); });
        if (same != by_status_.end())
            *same = std::move(handler);
        else
            by_status_.push_back(std::move(handler));
        return;
    }
    auto same = std::find_if(by_type_.begin(), by_type_.end(),
                             [&](const ExceptionHandler& h) { return *h.type() == *handler.type(); });
    if (same != by_type_.end()) {
        *same = std::move(handler);
        return;
    }
    // Before the first registered base of its type: more derived types are tried first.
    auto base = std::find_if(by_type_.begin(), by_type_.end(),
                             [&](const ExceptionHandler& h) { return h.is_base_of(handler); });
    by_type_.insert(base, std::move(handler));
}

const ExceptionHandler* ExceptionHandlerTable::for_status(int status_code) const {
    for (const auto& h : by_status_)
        if (h.status_code() == status_code) return &h;
    return nullptr;
}

const ExceptionHandler* ExceptionHandlerTable::for_exception(const std::exception_ptr& error) const {
    for (const auto& h : by_type_)
        if (h.matches(error)) return &h;
    return nullptr;
}

std::vector<const ExceptionHandler*> ExceptionHandlerTable::all() const {
    std::vector<const ExceptionHandler*> out;
    for (const auto& h : by_status_) out.push_back(&h);
    for (const auto& h : by_type_) out.push_back(&h);
    return out;
}

}  // namespace asgiscope::web
