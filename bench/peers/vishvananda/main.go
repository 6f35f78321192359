// Benchmark runner for the vishvananda/netlink (Go) peer of nlroute's benchmark harness.
//
// Built by bench/lib/contenders.mjs into bench/peers/bin/vishvananda-runner (never committed).
// Usage: vishvananda-runner --netns NS --workload W [--prefix CIDR] [--table T] [--count N]
//        [--requests N] [--batch FILE]
// Prints ONE JSON line: {"seconds":S,"count":N,"rssKb":K,...} (or {"error":"..."} and exit 1).
// Workloads: default_scan, dump, stream_scan, table_dump, link_get, adds, burst.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func peakRSSKb() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fields := strings.Fields(line)
			if len(fields) >= 2 {
				v, _ := strconv.ParseInt(fields[1], 10, 64)
				return v
			}
		}
	}
	return 0
}

func emit(result map[string]any) {
	result["rssKbSelf"] = peakRSSKb()
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}

func fail(format string, args ...any) {
	out, _ := json.Marshal(map[string]any{"error": fmt.Sprintf(format, args...)})
	fmt.Println(string(out))
	os.Exit(1)
}

func allTables() *netlink.Route { return &netlink.Route{Table: unix.RT_TABLE_UNSPEC} }

func main() {
	nsName := flag.String("netns", "", "network namespace name")
	workload := flag.String("workload", "", "workload id")
	prefix := flag.String("prefix", "16.1.0.0/16", "prefix for stream_scan")
	table := flag.Int("table", 100, "table for table_dump")
	count := flag.Int("count", 0, "routes to add (adds) / events to expect (burst)")
	requests := flag.Int("requests", 10000, "round trips for link_get")
	batch := flag.String("batch", "", "route list file for adds: lines 'DST GATEWAY TABLE'")
	idle := flag.Float64("idle", 3, "burst: seconds without events (after stdin says done) before giving up")
	flag.Parse()

	runtime.LockOSThread()
	ns, err := netns.GetFromName(*nsName)
	if err != nil {
		fail("netns %s: %v", *nsName, err)
	}
	h, err := netlink.NewHandleAt(ns)
	if err != nil {
		fail("handle: %v", err)
	}
	defer h.Close()

	switch *workload {
	case "default_scan":
		start := time.Now()
		n := 0
		err := h.RouteListFilteredIter(netlink.FAMILY_V4, allTables(), netlink.RT_FILTER_TABLE, func(r netlink.Route) bool {
			if r.Dst == nil || (r.Dst.IP.IsUnspecified() && maskLen(r.Dst) == 0) {
				if r.Type == unix.RTN_UNICAST {
					n++
				}
			}
			return true
		})
		if err != nil {
			fail("RouteListFilteredIter: %v", err)
		}
		emit(map[string]any{"seconds": time.Since(start).Seconds(), "count": n, "api": "RouteListFilteredIter(all tables) + userspace default filter"})
	case "dump":
		start := time.Now()
		routes, err := h.RouteListFiltered(netlink.FAMILY_V4, allTables(), netlink.RT_FILTER_TABLE)
		if err != nil {
			fail("RouteListFiltered: %v", err)
		}
		emit(map[string]any{"seconds": time.Since(start).Seconds(), "count": len(routes), "api": "RouteListFiltered(all tables)"})
	case "stream_scan":
		_, want, err := net.ParseCIDR(*prefix)
		if err != nil {
			fail("prefix: %v", err)
		}
		wantLen := maskLen(want)
		start := time.Now()
		n := 0
		err = h.RouteListFilteredIter(netlink.FAMILY_V4, allTables(), netlink.RT_FILTER_TABLE, func(r netlink.Route) bool {
			if r.Dst != nil && maskLen(r.Dst) >= wantLen && want.Contains(r.Dst.IP) {
				n++
			}
			return true
		})
		if err != nil {
			fail("RouteListFilteredIter: %v", err)
		}
		emit(map[string]any{"seconds": time.Since(start).Seconds(), "count": n, "api": "RouteListFilteredIter"})
	case "table_dump":
		start := time.Now()
		routes, err := h.RouteListFiltered(netlink.FAMILY_V4, &netlink.Route{Table: *table}, netlink.RT_FILTER_TABLE)
		if err != nil {
			fail("RouteListFiltered: %v", err)
		}
		emit(map[string]any{"seconds": time.Since(start).Seconds(), "count": len(routes), "api": "RouteListFiltered(table filter)"})
	case "link_get":
		lat := make([]float64, 0, *requests)
		start := time.Now()
		for i := 0; i < *requests; i++ {
			t0 := time.Now()
			if _, err := h.LinkByIndex(1); err != nil {
				fail("LinkByIndex: %v", err)
			}
			lat = append(lat, time.Since(t0).Seconds())
		}
		total := time.Since(start).Seconds()
		sort.Float64s(lat)
		emit(map[string]any{"seconds": total, "count": len(lat), "p50": pct(lat, 50), "p99": pct(lat, 99), "api": "LinkByIndex(1)"})
	case "adds":
		routes, err := readBatch(*batch)
		if err != nil {
			fail("batch: %v", err)
		}
		start := time.Now()
		for i := range routes {
			if err := h.RouteAdd(&routes[i]); err != nil {
				fail("RouteAdd %v: %v", routes[i].Dst, err)
			}
		}
		emit(map[string]any{"seconds": time.Since(start).Seconds(), "count": len(routes), "api": "RouteAdd (sequential)"})
	case "burst":
		burst(ns, *count, *idle)
	default:
		fail("unsupported workload %q", *workload)
	}
}

func maskLen(n *net.IPNet) int { ones, _ := n.Mask.Size(); return ones }

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	idx := int(float64(len(sorted)-1) * p / 100)
	return sorted[idx]
}

func readBatch(path string) ([]netlink.Route, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var routes []netlink.Route
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		_, dst, err := net.ParseCIDR(fields[0])
		if err != nil {
			return nil, err
		}
		table, _ := strconv.Atoi(fields[2])
		routes = append(routes, netlink.Route{Dst: dst, Gw: net.ParseIP(fields[1]), Table: table})
	}
	return routes, sc.Err()
}

// burst subscribes to route events, says READY on stderr, then counts RTM_NEWROUTE events until
// it has `expect` of them, or stdin said "done" and no event came for `idle` seconds.
func burst(ns netns.NsHandle, expect int, idle float64) {
	ch := make(chan netlink.RouteUpdate, 1024)
	done := make(chan struct{})
	errs := 0
	var lastErr string
	err := netlink.RouteSubscribeWithOptions(ch, done, netlink.RouteSubscribeOptions{
		Namespace:     &ns,
		ErrorCallback: func(e error) { errs++; lastErr = e.Error() },
	})
	if err != nil {
		fail("RouteSubscribeWithOptions: %v", err)
	}
	stdinDone := make(chan struct{})
	go func() {
		r := bufio.NewReader(os.Stdin)
		for {
			line, err := r.ReadString('\n')
			if strings.TrimSpace(line) == "done" || err != nil {
				close(stdinDone)
				return
			}
		}
	}()
	fmt.Fprintln(os.Stderr, "READY")
	n := 0
	var first, last time.Time
	adderDone := false
	timer := time.NewTimer(time.Hour)
	closed := false
loop:
	for n < expect {
		select {
		case u, ok := <-ch:
			if !ok {
				closed = true
				break loop
			}
			if u.Type == unix.RTM_NEWROUTE && u.Family == netlink.FAMILY_V4 {
				if n == 0 {
					first = time.Now()
				}
				n++
				last = time.Now()
			}
			if adderDone {
				timer.Reset(time.Duration(idle * float64(time.Second)))
			}
		case <-stdinDone:
			stdinDone = nil
			adderDone = true
			timer.Reset(time.Duration(idle * float64(time.Second)))
		case <-timer.C:
			break loop
		}
	}
	close(done)
	secs := 0.0
	if n > 0 {
		secs = last.Sub(first).Seconds()
	}
	emit(map[string]any{"seconds": secs, "count": n, "lost": expect - n, "overflows": errs, "channelClosed": closed, "lastError": lastErr, "api": "RouteSubscribeWithOptions"})
}
