// Column headers are never cut off, in English and in German (whose headers
// are longer than the widths the window was laid out for): every visible
// column of every table in the window is at least as wide as its header's
// size hint.

#include "ui/mainwindow.h"

#include "pool/pool.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHeaderView>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeView>

using namespace gpupool;
using namespace gpupool::ui;

class TestUiHeaders : public QObject
{
    Q_OBJECT

private slots:
    void headersFit_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << QString();
        QTest::newRow("German") << QStringLiteral("de");
    }

    void headersFit()
    {
        QFETCH(QString, language);
        QTranslator translator;
        if (!language.isEmpty()) {
            const QString qm = QStringLiteral(GPUPOOL_BINARY_DIR "/packaging/gpupool_%1.qm").arg(language);
            QVERIFY2(translator.load(qm), qPrintable(qm));
            QVERIFY(QCoreApplication::installTranslator(&translator));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        pool::PoolOptions options;
        options.settings.mode = config::Mode::MultiEndpoint;
        options.settings.storeUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("leases.sqlite"));
        options.owner = QStringLiteral("operator@test");
        pool::Pool pool(options);
        QVERIFY(!pool.start());
        MainWindow window(pool);
        if (!language.isEmpty())
            QCOMPARE(window.endpointsView()->model()->headerData(0, Qt::Horizontal).toString(),
                     QStringLiteral("Endpunkt"));

        int checked = 0;
        QStringList cut;
        for (QAbstractItemView *view : window.findChildren<QAbstractItemView *>()) {
            QHeaderView *header = nullptr;
            if (auto *table = qobject_cast<QTableView *>(view))
                header = table->horizontalHeader();
            else if (auto *tree = qobject_cast<QTreeView *>(view))
                header = tree->header();
            if (!header || view->objectName().isEmpty())
                continue;
            for (int c = 0; c < header->count(); ++c) {
                if (header->isSectionHidden(c))
                    continue;
                const QString text = header->model()->headerData(c, Qt::Horizontal).toString();
                if (header->sectionSize(c) < header->sectionSizeHint(c))
                    cut.append(QStringLiteral("%1: \"%2\" is %3 px wide, needs %4")
                                   .arg(view->objectName(), text)
                                   .arg(header->sectionSize(c))
                                   .arg(header->sectionSizeHint(c)));
                ++checked;
            }
        }
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
        QVERIFY(checked > 20);
        if (!language.isEmpty())
            QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestUiHeaders)
#include "tst_ui_headers.moc"
