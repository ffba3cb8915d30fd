// ScrollBarCacheStyle: the scroll bar's picture is Fusion's own, pixel for
// pixel, from the cache as from the first paint, and it follows every change
// of the bar (position, range, state, palette).
#include "ui/scrollbarcachestyle.h"
#include "ui/theme.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QStyleFactory>
#include <QTest>
#include <memory>

using namespace gpupool::ui;

class TestScrollBarStyle : public QObject
{
    Q_OBJECT

private slots:
    void picturesAreFusionsOwn();
    void lightAndDarkThemesUseIt();
};

namespace {

QImage paint(QScrollBar &bar, QStyle *style)
{
    bar.setStyle(style);
    QImage image(bar.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    bar.render(&image);
    return image;
}

} // namespace

void TestScrollBarStyle::picturesAreFusionsOwn()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    ScrollBarCacheStyle cached(QStringLiteral("Fusion"));
    QScrollBar bar(Qt::Vertical);
    bar.resize(14, 300);
    bar.setRange(0, 1000);
    bar.setPageStep(100);
    bar.setValue(250);

    const QImage first = paint(bar, &cached);
    QCOMPARE(first, paint(bar, fusion.get()));
    QCOMPARE(paint(bar, &cached), first); // from the cache now

    // Every change shows: each picture equals Fusion's for the new state.
    const auto check = [&](const char *what) {
        const QImage mine = paint(bar, &cached);
        QVERIFY2(mine == paint(bar, fusion.get()), what);
        QVERIFY2(mine != first, what);
    };
    bar.setValue(700);
    check("slider moved");
    bar.setValue(250);
    QCOMPARE(paint(bar, &cached), first);
    bar.setRange(0, 300);
    check("range changed");
    bar.setRange(0, 1000);
    bar.setEnabled(false);
    check("disabled");
    bar.setEnabled(true);
    QPalette red = bar.palette();
    red.setColor(QPalette::Button, Qt::red);
    red.setColor(QPalette::Window, Qt::red);
    bar.setPalette(red);
    check("palette changed");
    bar.setPalette(QPalette());
    bar.resize(14, 200);
    const QImage shorter = paint(bar, &cached);
    QCOMPARE(shorter, paint(bar, fusion.get()));
    QCOMPARE(shorter.size(), QSize(14, 200));
}

void TestScrollBarStyle::lightAndDarkThemesUseIt()
{
    Theme::apply(ThemeChoice::Light);
    QVERIFY(qobject_cast<ScrollBarCacheStyle *>(QApplication::style()));
    Theme::apply(ThemeChoice::Dark);
    const auto *style = qobject_cast<ScrollBarCacheStyle *>(QApplication::style());
    QVERIFY(style);
    QCOMPARE(style->baseStyle()->name().toLower(), QStringLiteral("fusion"));
}

QTEST_MAIN(TestScrollBarStyle)
#include "tst_ui_scrollbarstyle.moc"
