#pragma once

#include "lease/lease.h"

#include <QDialog>

class QPlainTextEdit;

namespace gpupool::pool {
class Pool;
}

// After a grant: where the GPUs are and how to use them
// (host, CUDA_VISIBLE_DEVICES=...), with a button that copies it.
namespace gpupool::ui {

class UsageDialog final : public QDialog
{
    Q_OBJECT

public:
    UsageDialog(const pool::Pool &pool, const QList<lease::Lease> &leases, QWidget *parent = nullptr);
    // One block per endpoint: a comment naming host and endpoint, then the variable.
    static QString usageText(const pool::Pool &pool, const QList<lease::Lease> &leases);
    QString text() const;

private:
    QPlainTextEdit *m_text;
};

} // namespace gpupool::ui
