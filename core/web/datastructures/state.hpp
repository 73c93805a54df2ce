// Named values of any type: app.state and request.state (Starlette's State).
#pragma once

#include <any>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// Arbitrary named values over an asgi::State map, owned or shared with a scope (Starlette's
/// State: `state.db = x` is `state.set("db", x)`, `state.db` is `state.get<T>("db")`).
class State {
public:
    /// A fresh, empty map of its own.
    State() : map_(std::make_shared<asgi::State>()) {}
    /// Shares `map` (e.g. a scope's state); a null pointer gets a fresh map.
    explicit State(std::shared_ptr<asgi::State> map)
        : map_(map ? std::move(map) : std::make_shared<asgi::State>()) {}

    template <class T>
    void set(std::string key, T value) {
        map_->insert_or_assign(std::move(key), std::any(std::move(value)));
    }
    /// The value of `key` as a T. Throws std::out_of_range when absent (Python's
    /// AttributeError) and std::bad_any_cast when it holds another type.
    template <class T>
    T& get(std::string_view key) {
        return std::any_cast<T&>(find(key));
    }
    template <class T>
    const T& get(std::string_view key) const {
        return std::any_cast<const T&>(find(key));
    }
    /// The value of `key` if present and a T, else null.
    template <class T>
    T* get_if(std::string_view key) {
        auto it = map_->find(key);
        return it == map_->end() ? nullptr : std::any_cast<T>(&it->second);
    }
    bool contains(std::string_view key) const { return map_->find(key) != map_->end(); }
    /// Removes `key`; throws std::out_of_range when absent (Python's `del state.x`).
    void erase(std::string_view key) {
        auto it = map_->find(key);
        if (it == map_->end()) throw missing(key);
        map_->erase(it);
    }
    std::size_t size() const { return map_->size(); }

    /// The underlying map, shared.
    const std::shared_ptr<asgi::State>& shared() const { return map_; }

private:
    static std::out_of_range missing(std::string_view key) {
        return std::out_of_range("'State' object has no attribute '" + std::string(key) + "'");
    }
    std::any& find(std::string_view key) const {
        auto it = map_->find(key);
        if (it == map_->end()) throw missing(key);
        return it->second;
    }
    std::shared_ptr<asgi::State> map_;
};

}  // namespace asgiscope::web
