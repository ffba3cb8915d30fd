#include "lease/redisreconnect.h"

namespace gpupool::lease {

void RedisReconnect::failed()
{
    m_lastDelayMs = endpoint::jitteredOpenMs(m_policy, m_failures, m_random);
    ++m_failures;
    m_nextMs = m_clock.nowMs() + m_lastDelayMs;
}

void RedisReconnect::succeeded()
{
    m_failures = 0;
    m_nextMs = 0;
    m_lastDelayMs = 0;
}

qint64 RedisReconnect::msUntilDue() const
{
    if (m_failures == 0)
        return 0;
    return qMax<qint64>(0, m_nextMs - m_clock.nowMs());
}

} // namespace gpupool::lease
