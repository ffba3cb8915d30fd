#pragma once

#include "pool/pooloptions.h"

#include <QDialog>
#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// "Request GPU": how many, at least how much memory, on which endpoint, for
// how long, a note, and whether to wait until they are free. Waiting is the
// Pool's queue (Pool::requestGpus), which serves any count with filters; the
// dialog refuses only a wait for more GPUs than the pool knows to match,
// which would last for ever.
namespace gpupool::ui {

class RequestDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit RequestDialog(const QStringList &endpointIds, QWidget *parent = nullptr);

    int count() const;
    qint64 minMemoryMb() const;
    QString endpointId() const; // empty: any
    qint64 durationMs() const;
    QString note() const;
    bool waitUntilFree() const;

    pool::ReserveRequest reserveRequest() const;
    // How many GPUs the pool knows that pass a filter (whatever their
    // state); unset: not checked.
    void setMatchingGpus(std::function<int(const balance::GpuFilter &)> count);

    // Empty when the choices make a request; else why not (shown in the dialog).
    QString validationError() const;

    // For tests and keyboard users: the same as the widgets.
    void setValues(int count, qint64 minMemoryMb, const QString &endpointId, double hours, const QString &note,
                   bool wait);

    void accept() override;

private:
    void updateValidation();

    QSpinBox *m_count;
    QSpinBox *m_minMemoryGb;
    QComboBox *m_endpoint;
    QDoubleSpinBox *m_hours;
    QLineEdit *m_note;
    QCheckBox *m_wait;
    QLabel *m_error;
    std::function<int(const balance::GpuFilter &)> m_matching;
};

} // namespace gpupool::ui
