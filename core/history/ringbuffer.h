#pragma once

#include <QtGlobal>
#include <algorithm>
#include <vector>

// A fixed-capacity ring of plain values for the history: oldest first,
// overwrites the oldest when full, and drops from the front when samples age
// out of their time window. Storage grows geometrically up to the capacity, so
// a 24-hour window costs memory only for the samples actually held.
namespace gpupool::history {

template<typename T>
class RingBuffer
{
public:
    explicit RingBuffer(qsizetype capacity = 0) : m_capacity(std::max<qsizetype>(1, capacity)) {}

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }
    // Bytes of storage reserved (the figure the memory budget is about).
    qsizetype bytesReserved() const { return qsizetype(m_data.capacity() * sizeof(T)); }

    // i = 0 is the oldest value held.
    const T &at(qsizetype i) const { return m_data[index(i)]; }
    T &at(qsizetype i) { return m_data[index(i)]; }
    const T &first() const { return at(0); }
    const T &last() const { return at(m_size - 1); }

    void push(const T &value)
    {
        if (m_size == m_capacity) {
            // Full: the new value takes the oldest one's slot.
            m_data[m_head] = value;
            m_head = (m_head + 1) % qsizetype(m_data.size());
            return;
        }
        if (m_size == qsizetype(m_data.size())) {
            grow();
            m_data.push_back(value);
        } else {
            m_data[index(m_size)] = value;
        }
        ++m_size;
    }

    void dropFirst(qsizetype n = 1)
    {
        n = std::min(n, m_size);
        if (n <= 0)
            return;
        m_head = (m_head + n) % qsizetype(m_data.size());
        m_size -= n;
        if (m_size == 0)
            m_head = 0;
    }

    void clear()
    {
        m_data.clear();
        m_data.shrink_to_fit();
        m_head = m_size = 0;
    }

    // Changes the capacity, keeping the newest values that still fit.
    void setCapacity(qsizetype capacity)
    {
        capacity = std::max<qsizetype>(1, capacity);
        if (m_size > capacity)
            dropFirst(m_size - capacity);
        m_capacity = capacity;
        linearize(); // also gives back storage beyond the new capacity
    }

private:
    qsizetype index(qsizetype i) const { return (m_head + i) % qsizetype(m_data.size()); }

    // Puts the values in order at the front of the storage, so it can grow by
    // appending at the back.
    void linearize()
    {
        std::vector<T> ordered;
        ordered.reserve(std::min<qsizetype>(qsizetype(m_data.capacity()), m_capacity));
        for (qsizetype i = 0; i < m_size; ++i)
            ordered.push_back(at(i));
        m_data.swap(ordered);
        m_head = 0;
    }

    void grow()
    {
        if (m_head != 0)
            linearize();
        if (m_data.size() == m_data.capacity()) {
            const qsizetype wanted = std::max<qsizetype>(16, qsizetype(m_data.capacity()) * 2);
            m_data.reserve(size_t(std::min(wanted, m_capacity)));
        }
    }

    std::vector<T> m_data;
    qsizetype m_capacity;
    qsizetype m_head = 0; // index of the oldest value in m_data
    qsizetype m_size = 0;
};

} // namespace gpupool::history
