// SeriesPlot draws what it is given where it belongs: lines at their values,
// thresholds, the background from the palette (and again after a change of
// palette, which its cached background must notice).
#include "ui/seriesplot.h"

#include <QImage>
#include <QTest>

using namespace gpupool::ui;

namespace {

// Pixels of roughly this colour in one row of the image.
int countNear(const QImage &image, int y, const QColor &colour)
{
    int n = 0;
    for (int x = 0; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        if (qAbs(c.red() - colour.red()) < 40 && qAbs(c.green() - colour.green()) < 40
            && qAbs(c.blue() - colour.blue()) < 40)
            ++n;
    }
    return n;
}

// The image row where most pixels have the colour.
int rowOf(const QImage &image, const QColor &colour)
{
    int best = -1, bestCount = 0;
    for (int y = 0; y < image.height(); ++y)
        if (const int n = countNear(image, y, colour); n > bestCount)
            best = y, bestCount = n;
    return best;
}

} // namespace

class TestSeriesPlot : public QObject
{
    Q_OBJECT

private slots:
    void linesAreDrawnAtTheirValues()
    {
        SeriesPlot plot;
        plot.resize(400, 300);
        plot.setXAxis(-60, QStringLiteral("seconds ago"));
        plot.setAntialiased(false); // whole pixels of the pens' colours, to count
        plot.setSeriesCount(2);
        plot.setSeries(0, QStringLiteral("high"), QPen(Qt::red, 2));
        plot.setSeries(1, QStringLiteral("low"), QPen(Qt::blue, 0));
        plot.setPoints(0, { { -60, 75 }, { -30, 75 }, { 0, 75 } });
        plot.setPoints(1, { { -60, 25 }, { 0, 25 } });
        const QImage image = plot.grab().toImage();
        const int red = rowOf(image, Qt::red);
        const int blue = rowOf(image, Qt::blue);
        QVERIFY2(red > 0 && blue > 0, "both lines are drawn");
        QVERIFY(red < blue); // 75 % is above 25 %
        QVERIFY(countNear(image, red, Qt::red) > 200); // across most of the width
        QCOMPARE(plot.points(1).size(), 2);

        // New points move the line; the cached background does not keep the old one.
        plot.setPoints(0, { { -60, 25 }, { 0, 25 } });
        plot.setPoints(1, {});
        const QImage moved = plot.grab().toImage();
        QCOMPARE(countNear(moved, red, Qt::red), 0);
        QVERIFY(qAbs(rowOf(moved, Qt::red) - blue) <= 2);
        QCOMPARE(countNear(moved, blue, Qt::blue), 0);
    }

    void thresholdsAndPalette()
    {
        SeriesPlot plot;
        plot.resize(400, 300);
        plot.setThresholds({ { 50.0, QPen(Qt::green, 1, Qt::SolidLine) } });
        QImage image = plot.grab().toImage();
        const int green = rowOf(image, Qt::green);
        QVERIFY(green > 0);
        QVERIFY(countNear(image, green, Qt::green) > 200);

        QPalette dark = plot.palette();
        dark.setColor(QPalette::Base, QColor(10, 10, 10));
        plot.setPalette(dark);
        image = plot.grab().toImage();
        QCOMPARE(image.pixelColor(2, 2), QColor(10, 10, 10));
    }

    void manyHairlinesStayOnScreen()
    {
        // 256 series of 1 px hairlines, as the overview draws them.
        SeriesPlot plot;
        plot.resize(400, 300);
        plot.setAntialiased(false);
        plot.setSeriesCount(256);
        for (int i = 0; i < 256; ++i) {
            plot.setSeries(i, QString::number(i), QPen(Qt::magenta, 0));
            plot.setPoints(i, { { -300, double(i % 100) }, { 0, double((i * 7) % 100) } });
        }
        const QImage image = plot.grab().toImage();
        int magenta = 0;
        for (int y = 0; y < image.height(); ++y)
            magenta += countNear(image, y, Qt::magenta);
        QVERIFY(magenta > 1000);
        QCOMPARE(plot.seriesCount(), 256);
    }
};

QTEST_MAIN(TestSeriesPlot)
#include "tst_ui_seriesplot.moc"
