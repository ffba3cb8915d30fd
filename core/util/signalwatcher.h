#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <csignal>
#include <initializer_list>

namespace gpupool::util {

// Turns POSIX signals (SIGINT, SIGTERM) into a Qt signal with the self-pipe
// trick: the handler only writes the signal number into a pipe; the event loop
// reads it and emits signalReceived(), where any work may be done.
// One instance per process. Used by gpupool-statd (stop) and gpupoolctl
// (watch, run).
class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isValid() const { return m_notifier != nullptr; }

signals:
    // sentByKernel: the terminal (Ctrl-C, a hangup) or the kernel sent it,
    // not kill() from a process; a terminal's signal reaches the whole
    // foreground process group, children included.
    void signalReceived(int signalNumber, bool sentByKernel);

private:
    void handleActivated();
    static void handleSignal(int signalNumber, siginfo_t *info, void *context);

    int m_readFd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace gpupool::util
