#include "requestdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gpupool::ui {

namespace {
constexpr int MaxNoteLength = 200;
}

RequestDialog::RequestDialog(const QStringList &endpointIds, QWidget *parent)
    : QDialog(parent)
    , m_count(new QSpinBox(this))
    , m_minMemoryGb(new QSpinBox(this))
    , m_endpoint(new QComboBox(this))
    , m_hours(new QDoubleSpinBox(this))
    , m_note(new QLineEdit(this))
    , m_wait(new QCheckBox(tr("&Wait until one is free"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Request GPU"));
    m_count->setRange(1, 64);
    m_minMemoryGb->setRange(0, 1024);
    m_minMemoryGb->setSuffix(tr(" GB"));
    m_minMemoryGb->setSpecialValueText(tr("any"));
    m_endpoint->addItem(tr("any endpoint"), QString());
    for (const QString &id : endpointIds)
        m_endpoint->addItem(id, id);
    m_hours->setRange(0.05, 72);
    m_hours->setDecimals(2);
    m_hours->setValue(4); // docs/behaviour.md: 4 h for a person at the console
    m_hours->setSuffix(tr(" h"));
    m_note->setMaxLength(MaxNoteLength);
    m_note->setPlaceholderText(tr("what it is for (shown to other operators)"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Count:"), m_count);
    form->addRow(tr("&Minimum memory:"), m_minMemoryGb);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("&Duration:"), m_hours);
    form->addRow(tr("&Note:"), m_note);
    form->addRow(QString(), m_wait);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Request"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RequestDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RequestDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_count, &QSpinBox::valueChanged, this, &RequestDialog::updateValidation);
    connect(m_minMemoryGb, &QSpinBox::valueChanged, this, &RequestDialog::updateValidation);
    connect(m_endpoint, &QComboBox::currentIndexChanged, this, &RequestDialog::updateValidation);
    connect(m_wait, &QCheckBox::toggled, this, &RequestDialog::updateValidation);
    updateValidation();
}

int RequestDialog::count() const
{
    return m_count->value();
}
qint64 RequestDialog::minMemoryMb() const
{
    return m_minMemoryGb->value() > 0 ? balance::mibForDecimalGb(m_minMemoryGb->value()) : 0;
}
QString RequestDialog::endpointId() const
{
    return m_endpoint->currentData().toString();
}
qint64 RequestDialog::durationMs() const
{
    return qint64(m_hours->value() * 3'600'000.0);
}
QString RequestDialog::note() const
{
    return m_note->text().trimmed();
}
bool RequestDialog::waitUntilFree() const
{
    return m_wait->isChecked();
}

pool::ReserveRequest RequestDialog::reserveRequest() const
{
    pool::ReserveRequest r;
    r.count = count();
    r.filter.minMemoryMb = minMemoryMb();
    if (!endpointId().isEmpty())
        r.filter.endpointIds = QStringList { endpointId() };
    r.note = note();
    r.kind = lease::LeaseKind::Interactive;
    r.durationMs = durationMs();
    return r;
}

void RequestDialog::setMatchingGpus(std::function<int(const balance::GpuFilter &)> count)
{
    m_matching = std::move(count);
    updateValidation();
}

QString RequestDialog::validationError() const
{
    if (waitUntilFree() && m_matching) {
        const int matching = m_matching(reserveRequest().filter);
        if (matching < count())
            return tr("Only %n GPU(s) known to the pool match these choices, so waiting for %1 could last for ever. "
                      "Ask for fewer, or change the minimum memory or the endpoint.",
                      nullptr, matching)
                .arg(count());
    }
    return {};
}

void RequestDialog::setValues(int count, qint64 minMemoryMb, const QString &endpointId, double hours,
                              const QString &note, bool wait)
{
    m_count->setValue(count);
    m_minMemoryGb->setValue(int(std::floor(balance::decimalGbOfMib(minMemoryMb) + 1e-9)));
    const int i = m_endpoint->findData(endpointId);
    m_endpoint->setCurrentIndex(i < 0 ? 0 : i);
    m_hours->setValue(hours);
    m_note->setText(note);
    m_wait->setChecked(wait);
}

void RequestDialog::updateValidation()
{
    const QString error = validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void RequestDialog::accept()
{
    updateValidation();
    if (!validationError().isEmpty())
        return;
    QDialog::accept();
}

} // namespace gpupool::ui
