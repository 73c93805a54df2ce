// Middleware: one entry of an application's middleware list (Starlette's
// Middleware(cls, **options)), turned into an app around an inner app when the stack is built.
#pragma once

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// A middleware class and its options, not yet built (Starlette's Middleware). `name` says
/// what it is to tools (the class name); the factory wraps an inner app.
class Middleware {
public:
    using Factory = std::function<asgi::App(asgi::App inner)>;

    Middleware(std::string name, Factory factory) : name_(std::move(name)), factory_(std::move(factory)) {}

    /// Middleware class M with its typed options:
    /// `Middleware::of<GZipMiddleware>({.minimum_size = 500})`. M is built as
    /// `M(inner, options)` and must be callable as an ASGI app.
    template <class M>
    static Middleware of(typename M::Options options = {}) {
        return Middleware(class_name(typeid(M)), [options = std::move(options)](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner), options));
        });
    }
    /// Middleware class M without options, built as `M(inner)` (a BaseHTTPMiddleware
    /// subclass, say): `Middleware::of<TimingMiddleware>()`.
    template <class M>
        requires(!requires { typename M::Options; } && std::constructible_from<M, asgi::App>)
    static Middleware of() {
        return Middleware(class_name(typeid(M)), [](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner)));
        });
    }
    /// Middleware class M built as `M(inner, args...)`.
    template <class M, class... Args>
        requires(sizeof...(Args) > 0)
    static Middleware of(Args... args) {
        return Middleware(class_name(typeid(M)), [... args = std::move(args)](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner), args...));
        });
    }

    const std::string& name() const { return name_; }
    /// Builds the middleware around `inner` (Starlette's `cls(app=inner, **options)`).
    asgi::App wrap(asgi::App inner) const { return factory_(std::move(inner)); }

    /// A middleware object as an ASGI app; the app shares it.
    template <class M>
    static asgi::App as_app(std::shared_ptr<const M> m) {
        return [m = std::move(m)](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
            return (*m)(scope, std::move(receive), std::move(send));
        };
    }

    /// "GZipMiddleware" for asgiscope::web::GZipMiddleware.
    static std::string class_name(const std::type_info& type);

private:
    std::string name_;
    Factory factory_;
};

}  // namespace asgiscope::web
