package dev.vigil.core.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class IndexLogTest {

    @Test
    void drainGivesTheIndexesRecordedSinceTheLastOneSortedWithTheirCounts() {
        IndexLog log = new IndexLog();
        log.record(700);
        log.record(5);
        log.record(700);
        assertThat(contents(drain(log))).isEqualTo("5=1 700=2");
        assertThat(drain(log).size()).isZero();
        log.record(9);
        assertThat(contents(drain(log))).isEqualTo("9=1");
    }

    @Test
    void valuesPastTheSlotsAreCountedByIndexAndDrainedWithThem() {
        IndexLog log = new IndexLog();
        for (int round = 0; round < 3; round++) { // both phases overflow, and their arrays are reused
            for (int i = 0; i < IndexLog.SLOTS + 10; i++) {
                log.record(i % 2 == 0 ? 100 : LatencyIndex.LENGTH - 1);
            }
            log.record(50);
            SparseCounts drained = drain(log);
            int half = (IndexLog.SLOTS + 10) / 2;
            assertThat(contents(drained)).isEqualTo("50=1 100=" + half + " " + (LatencyIndex.LENGTH - 1) + "=" + half);
            assertThat(drained.total()).isEqualTo(IndexLog.SLOTS + 11);
        }
    }

    @Test
    void countsPastTheSlotsKeepEveryIndexAcrossChunksInOrder() {
        IndexLog log = new IndexLog();
        for (int i = 0; i < IndexLog.SLOTS; i++) {
            log.record(LatencyIndex.LENGTH - 1); // fills the slots, so what follows is counted by index
        }
        SparseCounts expected = new SparseCounts();
        for (int index = 0; index < LatencyIndex.LENGTH; index += 37) { // every chunk, at different offsets in it
            for (int n = 0; n <= index % 3; n++) {
                log.record(index);
            }
            expected.append(index, index % 3 + 1);
        }
        expected.append(LatencyIndex.LENGTH - 1, IndexLog.SLOTS);
        assertThat(contents(drain(log))).isEqualTo(contents(expected));
        assertThat(drain(log).size()).isZero();
    }

    @Test
    void concurrentWritersLoseAndDuplicateNothingWhileTheReaderDrains() throws Exception {
        IndexLog log = new IndexLog();
        int writers = 4;
        int perWriter = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perWriter; i++) {
                    log.record(writer * 1_000 + i % 7); // seven indexes per writer
                    if (i % 64 == 0) {
                        Thread.yield(); // leave the reader phases with few values, so slots and array both see use
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        SparseCounts total = new SparseCounts();
        start.countDown();
        Thread joiner = new Thread(() -> {
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            done.set(true);
        });
        joiner.start();
        while (!done.get()) {
            total.add(drain(log));
        }
        total.add(drain(log));

        assertThat(total.total()).isEqualTo((long) writers * perWriter);
        assertThat(total.size()).isEqualTo(writers * 7);
        for (int i = 0; i < total.size(); i++) {
            int residue = total.index(i) % 1_000;
            long expected = perWriter / 7 + (residue < perWriter % 7 ? 1 : 0);
            assertThat(total.count(i)).as("index %d", total.index(i)).isEqualTo(expected);
        }
    }

    private static SparseCounts drain(IndexLog log) {
        SparseCounts c = new SparseCounts();
        log.drainTo(c);
        return c;
    }

    private static String contents(SparseCounts c) {
        return SparseCountsTest.contents(c);
    }
}
