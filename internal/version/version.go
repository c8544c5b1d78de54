// Package version names the build. Version is set at link time
// (-ldflags "-X evalcred/internal/version.Version=v1.2.3"); otherwise it comes
// from the module's build information.
package version

import "runtime/debug"

// Version of this build.
var Version = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}()
