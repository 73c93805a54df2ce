// Middleware: one entry of an application's middleware list (Starlette's
// Middleware(cls, **options)), turned into an app around an inner app when the stack is built.
#pragma once

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>

#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

namespace detail {
// The hooks through which a middleware entry keeps its options as JSON for tools: a
// `describe_options(const M::Options&)` or, for classes without Options, a
// `describe_middleware(const M*)` (a pointer, so subclasses get their base's), found by ADL.
template <class Options>
concept DescribableOptions = requires(const Options& o) {
    { describe_options(o) } -> std::convertible_to<boost::json::object>;
};
template <class M>
concept DescribableMiddleware = requires(const M* m) {
    { describe_middleware(m) } -> std::convertible_to<boost::json::object>;
};
}  // namespace detail

/// A middleware class and its options, not yet built (Starlette's Middleware). `name` says
/// what it is to tools (the class name); the factory wraps an inner app. When the class's
/// options can describe themselves (a `boost::json::object describe_options(const
/// M::Options&)` found by ADL, or `describe_middleware(const M*)` for classes without
/// Options), options() holds that description.
class Middleware {
public:
    using Factory = std::function<asgi::App(asgi::App inner)>;

    Middleware(std::string name, Factory factory) : name_(std::move(name)), factory_(std::move(factory)) {}

    /// Middleware class M with its typed options:
    /// `Middleware::of<GZipMiddleware>({.minimum_size = 500})`. M is built as
    /// `M(inner, options)` and must be callable as an ASGI app.
    template <class M>
    static Middleware of(typename M::Options options = {}) {
        std::shared_ptr<const boost::json::object> described;
        if constexpr (detail::DescribableOptions<typename M::Options>)
            described = std::make_shared<const boost::json::object>(describe_options(options));
        Middleware m(class_name(typeid(M)), [options = std::move(options)](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner), options));
        });
        m.options_ = std::move(described);
        return m;
    }
    /// Middleware class M without options, built as `M(inner)` (a BaseHTTPMiddleware
    /// subclass, say): `Middleware::of<TimingMiddleware>()`.
    template <class M>
        requires(!requires { typename M::Options; } && std::constructible_from<M, asgi::App>)
    static Middleware of() {
        Middleware m(class_name(typeid(M)), [](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner)));
        });
        m.describe_itself<M>();
        return m;
    }
    /// Middleware class M built as `M(inner, args...)`.
    template <class M, class... Args>
        requires(sizeof...(Args) > 0)
    static Middleware of(Args... args) {
        Middleware m(class_name(typeid(M)), [... args = std::move(args)](asgi::App inner) {
            return as_app(std::make_shared<const M>(std::move(inner), args...));
        });
        m.describe_itself<M>();
        return m;
    }

    const std::string& name() const { return name_; }
    /// The options as JSON for tools (secrets hidden), or null when the class cannot
    /// describe them.
    const boost::json::object* options() const { return options_.get(); }
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
    template <class M>
    void describe_itself() {
        if constexpr (detail::DescribableMiddleware<M>)
            options_ = std::make_shared<const boost::json::object>(describe_middleware(static_cast<const M*>(nullptr)));
    }

    std::string name_;
    Factory factory_;
    std::shared_ptr<const boost::json::object> options_;
};

}  // namespace asgiscope::web
