// CI's look at the console: `gpupool-console --demo --screenshot FILE` under
// Xvfb (a real X server, not the offscreen platform), and the picture checked
// for being a picture: the right size, many colours, no colour covering
// nearly everything. Skipped where xvfb-run is missing.

#include <QHash>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestConsoleScreenshot : public QObject
{
    Q_OBJECT

private slots:
    void demoScreenshotUnderXvfb()
    {
        const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        if (xvfbRun.isEmpty())
            QSKIP("xvfb-run is not installed (apt-get install xvfb xauth)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("console.png"));
        QDir(dir.path()).mkdir(QStringLiteral("runtime"));
        QFile::setPermissions(dir.filePath(QStringLiteral("runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")); // the X server, not offscreen
        env.insert(QStringLiteral("HOME"), dir.path()); // no remembered layout
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.filePath(QStringLiteral("runtime")));
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::MergedChannels);
        console.start(xvfbRun,
                      { QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1280x800x24"),
                        QStringLiteral(GPUPOOL_CONSOLE_BINARY), QStringLiteral("--demo"),
                        QStringLiteral("--screenshot"), file, QStringLiteral("--quit-after"), QStringLiteral("6000") });
        QVERIFY2(console.waitForStarted(10'000), qPrintable(console.errorString()));
        if (!console.waitForFinished(90'000)) {
            console.kill();
            console.waitForFinished(5'000);
            QFAIL("gpupool-console did not finish within 90 s");
        }
        const QByteArray output = console.readAll();
        QVERIFY2(console.exitStatus() == QProcess::NormalExit && console.exitCode() == 0, output.constData());

        QImage image(file);
        QVERIFY2(!image.isNull(), "the screenshot cannot be read");
        QCOMPARE(image.size(), QSize(1280, 800));
        image = image.convertToFormat(QImage::Format_RGB32);
        QHash<QRgb, int> colours;
        for (int y = 0; y < image.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            for (int x = 0; x < image.width(); ++x)
                ++colours[line[x]];
        }
        int largest = 0;
        for (int n : std::as_const(colours))
            largest = qMax(largest, n);
        const double largestShare = double(largest) / (image.width() * image.height());
        qInfo("%lld distinct colours, the most common covers %.1f %%", qlonglong(colours.size()), largestShare * 100);
        // Tables, bars, state colours and chart lines: a blank or half-drawn
        // window has a handful of colours and one of them everywhere.
        QVERIFY2(colours.size() >= 64, "too few colours: the window looks blank");
        QVERIFY2(largestShare < 0.9, "one colour covers nearly everything: the window looks blank");
    }
};

QTEST_GUILESS_MAIN(TestConsoleScreenshot)
#include "tst_console_screenshot.moc"
