#pragma once

#include "pool/pooloptions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// "Request GPU": how many, at least how much memory, on which endpoint, for
// how long, a note, and whether to wait until one is free. Waiting is the
// Pool's FIFO queue, which serves one GPU per request without filters, so the
// dialog refuses "wait" together with a count above one or a filter, and says
// why, rather than quietly dropping part of the request.
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
    pool::GpuRequest gpuRequest() const;

    // Empty when the choices make a request; else why not (shown in the dialog).
    QString validationError() const;

    // For tests and keyboard users: the same as the widgets.
    void setValues(int count, qint64 minMemoryMb, const QString &endpointId, double hours,
                   const QString &note, bool wait);

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
};

} // namespace gpupool::ui
