// Exception handlers keyed by status code or by exception type (Starlette's
// exception_handlers mapping), and the table that finds the one for an exception.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// One entry of an exception_handlers list: a status code or an exception type, and the
/// coroutine that turns the exception into a response.
class ExceptionHandler {
public:
    /// How every handler is called: the exception as an exception_ptr the caller keeps alive.
    using Call = std::function<boost::asio::awaitable<Response>(Request&, const std::exception_ptr&)>;

    /// For HTTPExceptions with this status code; 500 means any unhandled error (then the
    /// exception may be of any type: one that is not a std::exception arrives as
    /// std::runtime_error("unknown exception")).
    ExceptionHandler(int status_code,
                     std::function<boost::asio::awaitable<Response>(Request&, const std::exception&)> handler);

    /// For exceptions of type E or derived from it; when several registered types match,
    /// the most derived wins, as a C++ catch would pick. `std::exception` means any error.
    template <class E>
    static ExceptionHandler of(std::function<boost::asio::awaitable<Response>(Request&, const E&)> handler) {
        ExceptionHandler h;
        h.type_ = &typeid(E);
        h.matches_ = [](const std::exception_ptr& error) {
            try {
                std::rethrow_exception(error);
            } catch (const E&) {
                return true;
            } catch (...) {
                return false;
            }
        };
        h.throws_pointer_ = [] { throw static_cast<const E*>(nullptr); };
        h.catches_pointer_ = [](void (*thrower)()) {
            try {
                thrower();
            } catch (const E*) {  // a pointer to a class derived from E is caught too
                return true;
            } catch (...) {
            }
            return false;
        };
        h.call_ = [handler = std::move(handler)](Request& request, const std::exception_ptr& error) {
            // libstdc++ rethrows the very object `error` holds, so `e` stays valid while the
            // caller keeps `error` alive, which it does until the handler has finished.
            const E* found = nullptr;
            try {
                std::rethrow_exception(error);
            } catch (const E& e) {
                found = &e;
            }
            return handler(request, *found);
        };
        return h;
    }

    /// The status code this handler is for, if keyed by one.
    std::optional<int> status_code() const { return status_code_; }
    /// The exception type this handler is for, if keyed by one.
    const std::type_info* type() const { return type_; }
    /// "404" or the exception type's name, for tools.
    std::string key_name() const;
    /// Whether this handler is keyed by a type that `error` is (or derives from).
    bool matches(const std::exception_ptr& error) const { return matches_ && matches_(error); }
    /// Whether this handler's type is a base of (or the same as) `other`'s type.
    bool is_base_of(const ExceptionHandler& other) const;

    /// Runs the handler; `error` must stay alive until the returned awaitable completes.
    boost::asio::awaitable<Response> operator()(Request& request, const std::exception_ptr& error) const {
        return call_(request, error);
    }

private:
    ExceptionHandler() = default;
    std::optional<int> status_code_;
    const std::type_info* type_ = nullptr;
    bool (*matches_)(const std::exception_ptr&) = nullptr;
    void (*throws_pointer_)() = nullptr;
    bool (*catches_pointer_)(void (*)()) = nullptr;
    Call call_;
};

/// Handlers by status code and by type, the most derived type first (what
/// ExceptionMiddleware and ServerErrorMiddleware look up).
class ExceptionHandlerTable {
public:
    /// Adds or replaces the handler of that status code or type.
    void add(ExceptionHandler handler);
    const ExceptionHandler* for_status(int status_code) const;
    /// The handler of the most derived registered type that `error` is, or null.
    const ExceptionHandler* for_exception(const std::exception_ptr& error) const;
    /// Every handler: status codes in order added, then types most derived first.
    std::vector<const ExceptionHandler*> all() const;

private:
    std::vector<ExceptionHandler> by_status_;
    std::vector<ExceptionHandler> by_type_;
};

}  // namespace asgiscope::web
