#pragma once

// Private to allocator*.cpp: what every public call of the Allocator uses.
#include "lease/allocator.h"

namespace gpupool::lease {

// Marks a public call; the outermost one runs the queued callbacks on its way
// out, when the allocator is consistent again.
class Allocator::Entry
{
public:
    explicit Entry(Allocator &a) : m_a(a) { ++m_a.m_depth; }
    ~Entry()
    {
        if (--m_a.m_depth == 0)
            m_a.flush();
    }
    Entry(const Entry &) = delete;
    Entry &operator=(const Entry &) = delete;

private:
    Allocator &m_a;
};

template<typename F>
void Allocator::notify(F call)
{
    // The observer is read when the call runs, not now: one set meanwhile
    // still hears it, one removed meanwhile is not called.
    later([this, call = std::move(call)] {
        if (m_observer)
            call(m_observer);
    });
}

} // namespace gpupool::lease
