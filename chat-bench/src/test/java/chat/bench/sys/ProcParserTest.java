package chat.bench.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParserTest {
    @Test
    void readsUtimePlusStimeFromStat() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 53425 0 12 0 1234 567 0 0 20 0 31 0 "
                + "12345 6000000000 98765 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 567, ProcParser.cpuTicks(stat));
    }

    @Test
    void countsStatFieldsAfterACommandNameWithSpacesAndParentheses() {
        String stat = "77 (my (odd) server) R 1 77 77 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 100 10 0";
        assertEquals(30, ProcParser.cpuTicks(stat));
    }

    @Test
    void rejectsTruncatedStat() {
        assertThrows(IllegalArgumentException.class, () -> ProcParser.cpuTicks("1 (x) S 1 2"));
    }

    @Test
    void readsVmRssFromStatus() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\nVmRSS:\t  123456 kB\nThreads:\t31\n";
        assertEquals(123456, ProcParser.rssKb(status));
        assertEquals(-1, ProcParser.rssKb("Name:\tzombie\nState:\tZ (zombie)\n"));
    }

    @Test
    void readsTcpLineOfSockstat() {
        String text = "sockets: used 1043\nTCP: inuse 1008 orphan 0 tw 3 alloc 1010 mem 2561\nUDP: inuse 2 mem 1\n";
        SockStat s = ProcParser.sockStat(text);
        assertEquals(new SockStat(1008, 0, 3, 1010, 2561), s);
        assertEquals(2561 * 4, s.memKb());
    }

    @Test
    void readsPortsStateAndQueuesOfProcNetTcp() {
        String text = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
                + "   1: 0100007F:1F90 0200007F:A001 01 00001000:00000000 00:00000000 00000000     0        0 2 1\n"
                + "   2: 0200007F:A001 0100007F:1F90 01 00000000:0000FFFF 00:00000000 00000000     0        0 3 1\n";
        List<TcpSocket> s = ProcParser.tcpSockets(text);
        assertEquals(3, s.size());
        assertEquals(new TcpSocket(8080, 0, 0x0A, 0, 0), s.get(0));
        assertEquals(new TcpSocket(8080, 40961, 1, 4096, 0), s.get(1));
        assertEquals(new TcpSocket(40961, 8080, 1, 0, 65535), s.get(2));
    }

    @Test
    void readsTcp6AddressesToo() {
        String line = "   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:C350 01 "
                + "00000010:00000020 00:00000000 00000000  1000        0 4 1\n";
        TcpSocket s = ProcParser.tcpSockets(line).get(0);
        assertEquals(8080, s.localPort());
        assertEquals(50000, s.remotePort());
        assertEquals(16, s.txQueue());
        assertEquals(32, s.rxQueue());
    }

    @Test
    void readsThisProcessFromRealProc() {
        ProcessSample self = ProcReader.self();
        assertNotNull(self, "/proc/self should be readable on Linux");
        assertTrue(self.rssKb() > 0);
        assertTrue(self.cpuSeconds() > 0);
        assertTrue(ProcReader.clockTicks() > 0);
    }
}
