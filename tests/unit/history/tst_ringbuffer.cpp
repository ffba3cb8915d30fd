// The ring under the history: order, overwrite, lazy growth, capacity changes.
#include "history/ringbuffer.h"

#include <QTest>

using gpupool::history::RingBuffer;

namespace {

QList<int> contents(const RingBuffer<int> &r)
{
    QList<int> out;
    for (qsizetype i = 0; i < r.size(); ++i)
        out.append(r.at(i));
    return out;
}

} // namespace

class TestRingBuffer : public QObject
{
    Q_OBJECT

private slots:
    void keepsOrderAndOverwritesOldest()
    {
        RingBuffer<int> r(3);
        QVERIFY(r.isEmpty());
        r.push(1);
        r.push(2);
        QCOMPARE(contents(r), (QList<int> { 1, 2 }));
        r.push(3);
        r.push(4);
        r.push(5);
        QCOMPARE(contents(r), (QList<int> { 3, 4, 5 }));
        QCOMPARE(r.first(), 3);
        QCOMPARE(r.last(), 5);
    }

    void dropFirstThenRefill()
    {
        RingBuffer<int> r(4);
        for (int i = 1; i <= 6; ++i)
            r.push(i); // 3 4 5 6, wrapped
        r.dropFirst(2);
        QCOMPARE(contents(r), (QList<int> { 5, 6 }));
        r.push(7);
        r.push(8);
        r.push(9);
        QCOMPARE(contents(r), (QList<int> { 6, 7, 8, 9 }));
        r.dropFirst(10);
        QVERIFY(r.isEmpty());
        r.push(10);
        QCOMPARE(contents(r), (QList<int> { 10 }));
    }

    void growsLazilyUpToCapacity()
    {
        RingBuffer<int> r(100'000);
        QVERIFY(r.bytesReserved() == 0);
        for (int i = 0; i < 10; ++i)
            r.push(i);
        QVERIFY(r.bytesReserved() <= qsizetype(16 * sizeof(int)));
        // Growing after the front was dropped keeps the order.
        r.dropFirst(5);
        for (int i = 10; i < 40; ++i)
            r.push(i);
        QCOMPARE(r.size(), 35);
        QCOMPARE(r.first(), 5);
        QCOMPARE(r.last(), 39);
        for (int i = 40; i < 200'000; ++i)
            r.push(i);
        QCOMPARE(r.size(), 100'000);
        QCOMPARE(r.first(), 100'000);
        QCOMPARE(r.last(), 199'999);
        QCOMPARE(r.bytesReserved(), qsizetype(100'000 * sizeof(int)));
    }

    void setCapacityKeepsNewest()
    {
        RingBuffer<int> r(5);
        for (int i = 1; i <= 7; ++i)
            r.push(i); // 3..7, wrapped
        r.setCapacity(3);
        QCOMPARE(contents(r), (QList<int> { 5, 6, 7 }));
        r.push(8);
        QCOMPARE(contents(r), (QList<int> { 6, 7, 8 }));
        r.setCapacity(6);
        r.push(9);
        QCOMPARE(contents(r), (QList<int> { 6, 7, 8, 9 }));
        r.clear();
        QVERIFY(r.isEmpty());
        QCOMPARE(r.bytesReserved(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRingBuffer)
#include "tst_ringbuffer.moc"
