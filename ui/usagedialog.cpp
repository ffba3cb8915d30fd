#include "usagedialog.h"

#include "pool/pool.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gpupool::ui {

QString UsageDialog::usageText(const pool::Pool &pool, const QList<lease::Lease> &leases)
{
    QMap<QString, QStringList> byEndpoint;
    for (const lease::Lease &l : leases)
        byEndpoint[l.endpointId].append(QString::number(l.localGpuId));
    QStringList blocks;
    for (auto it = byEndpoint.cbegin(); it != byEndpoint.cend(); ++it) {
        QString host = it.key();
        if (const auto info = pool.endpointInfo(it.key()))
            host = info->url.host();
        else if (!pool.settings().endpoints.isEmpty())
            host = pool.settings().endpoints.first().url.host();
        blocks.append(tr("# on %1 (%2)").arg(host, it.key()) + QLatin1Char('\n')
                      + QStringLiteral("export CUDA_VISIBLE_DEVICES=") + it.value().join(QLatin1Char(',')));
    }
    return blocks.join(QStringLiteral("\n\n"));
}

UsageDialog::UsageDialog(const pool::Pool &pool, const QList<lease::Lease> &leases, QWidget *parent)
    : QDialog(parent)
    , m_text(new QPlainTextEdit(this))
{
    setWindowTitle(tr("GPU granted"));
    m_text->setReadOnly(true);
    m_text->setPlainText(usageText(pool, leases));
    m_text->setFont(QFont(QStringLiteral("monospace")));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Run your job on that host with:"), this));
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    resize(480, 220);
}

QString UsageDialog::text() const
{
    return m_text->toPlainText();
}

} // namespace gpupool::ui
