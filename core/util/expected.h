#pragma once

#include <utility>
#include <variant>

// A value or the error that prevented it: the one shape behind
// lease::Result, pool::Result and stats::Parsed (each names its own error
// type). std::expected is C++23; Debian 12's GCC 12 does not have it.
namespace gpupool::util {

template<typename T, typename E>
class Expected
{
public:
    Expected(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Expected(E error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const { return std::get<0>(m_v); }
    T &value() { return std::get<0>(m_v); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const T &operator*() const { return value(); }
    T &operator*() { return value(); }

    const E &error() const { return std::get<1>(m_v); }
    // For error types with a code (LeaseError, pool::Error).
    auto code() const { return error().code; }

private:
    std::variant<T, E> m_v;
};

} // namespace gpupool::util
