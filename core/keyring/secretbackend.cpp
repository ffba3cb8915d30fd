#include "secretbackend.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>

namespace gpupool::keyring {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::keyring::SecretBackend", text);
}

SecretResult resultOf(QKeychain::Job *job)
{
    SecretResult result;
    switch (job->error()) {
    case QKeychain::NoError: result.status = SecretResult::Status::Ok; return result;
    case QKeychain::EntryNotFound:
        result.status = SecretResult::Status::NotFound;
        result.message = tr("no key is stored for this endpoint");
        return result;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented: result.status = SecretResult::Status::NoKeyring; break;
    case QKeychain::OtherError:
        // 0.13.2 reports a missing Secret Service as OtherError (7), not as
        // NoBackendAvailable (docs/platform-notes.md); nothing else it says here
        // would let a retry succeed either.
        result.status = SecretResult::Status::NoKeyring;
        break;
    default: result.status = SecretResult::Status::Failed; break;
    }
    result.message = job->errorString();
    return result;
}

void startJob(QKeychain::Job *job, SecretBackend::Done done)
{
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job *j) {
        SecretResult result = resultOf(j);
        if (result.ok())
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                result.value = read->binaryData();
        done(result);
    });
    job->setAutoDelete(true);
    job->start();
}

} // namespace

void QtKeychainBackend::write(const QString &key, const QByteArray &value, Done done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(value);
    startJob(job, std::move(done));
}

void QtKeychainBackend::read(const QString &key, Done done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    startJob(job, std::move(done));
}

void QtKeychainBackend::remove(const QString &key, Done done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    startJob(job, std::move(done));
}

} // namespace gpupool::keyring
