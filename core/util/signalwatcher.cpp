#include "util/signalwatcher.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace gpupool::util {

namespace {
// The write end of the pipe, for the handler (which can reach no object).
volatile sig_atomic_t writeFd = -1;
} // namespace

SignalWatcher::SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent) : QObject(parent)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    m_readFd = fds[0];
    writeFd = fds[1];
    m_notifier = new QSocketNotifier(m_readFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::handleActivated);

    struct sigaction action
    {};
    action.sa_sigaction = &SignalWatcher::handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_SIGINFO;
    for (int signalNumber : signalNumbers)
        ::sigaction(signalNumber, &action, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    if (m_readFd < 0)
        return;
    // The handlers stay installed but find no pipe: a late signal is then ignored.
    const int fd = writeFd;
    writeFd = -1;
    ::close(fd);
    ::close(m_readFd);
}

void SignalWatcher::handleSignal(int signalNumber, siginfo_t *info, void *)
{
    // Async-signal-safe only: write() and errno. Two bytes, written at once
    // (a pipe write of up to PIPE_BUF bytes is atomic).
    const int savedErrno = errno;
    const int fd = writeFd;
    if (fd >= 0) {
        const unsigned char bytes[2] = { static_cast<unsigned char>(signalNumber),
                                         static_cast<unsigned char>(info && info->si_code == SI_KERNEL) };
        [[maybe_unused]] const ssize_t n = ::write(fd, bytes, sizeof bytes);
    }
    errno = savedErrno;
}

void SignalWatcher::handleActivated()
{
    unsigned char bytes[2] = {};
    while (::read(m_readFd, bytes, sizeof bytes) == sizeof bytes)
        emit signalReceived(bytes[0], bytes[1] != 0);
}

} // namespace gpupool::util
