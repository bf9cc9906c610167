#!/usr/bin/env bash
# The architecture test (DESIGN.md, "Dependencies point one way"): reads
# every #include "..." in harness/, kernels/ and runners/ and fails on an
# include that points up the layers or on a cycle between modules (a
# module is a .c and its .h). Layers, lowest first:
#   core < kernels < runners < bench < output < studies < cli
# A file may include its own layer and the ones below it.
exec perl -e '
use strict; use warnings;
my %level = (core => 0, kernels => 1, runners => 2, bench => 3, output => 4, studies => 5, cli => 6);
sub layer { my $p = shift; return $1 if $p =~ m{^harness/(\w+)/}; return $1 if $p =~ m{^(kernels|runners)/}; return undef; }
sub norm { my @o; for (split m{/}, shift) { if ($_ eq "..") { pop @o } elsif ($_ ne ".") { push @o, $_ } } join "/", @o }
my @files = sort(glob("harness/*/*.[ch]"), glob("kernels/*.[ch]"), glob("runners/*.[ch]"));
my (%edge, @bad, $n);
for my $f (@files) {
	my $l = layer($f);
	unless (defined $l && exists $level{$l}) { push @bad, "$f: not in a known layer"; next }
	open my $fh, "<", $f or die "$f: $!";
	(my $dir = $f) =~ s{/[^/]*$}{};
	(my $mod = $f) =~ s{\.[ch]$}{};
	while (<$fh>) {
		next unless /^\s*#\s*include\s+"([^"]+)"/;
		my $t = norm("$dir/$1");
		unless (-e $t) { push @bad, "$f: includes $1, which does not exist"; next }
		my $tl = layer($t);
		unless (defined $tl && exists $level{$tl}) { push @bad, "$f: includes $t, outside the layers"; next }
		push @bad, "$f ($l) includes $t ($tl): an upward include" if $level{$tl} > $level{$l};
		(my $tm = $t) =~ s{\.[ch]$}{};
		$edge{$mod}{$tm} = 1 if $tm ne $mod;
	}
}
# Cycles between modules: depth-first search, reporting each back edge once.
my (%state, @stack, %seen);
sub visit {
	my $m = shift; $state{$m} = 1; push @stack, $m;
	for my $t (sort keys %{ $edge{$m} || {} }) {
		if (($state{$t} // 0) == 1) {
			my @c = @stack; shift @c while $c[0] ne $t;
			my $k = join " -> ", @c, $t;
			push @bad, "include cycle: $k" unless $seen{$k}++;
		} elsif (!$state{$t}) { visit($t) }
	}
	pop @stack; $state{$m} = 2;
}
visit($_) for sort keys %edge;
# Known breaks still being mended, shown as TODO (they must go, not grow).
my %todo = map { $_ => 1 } (
);
my @fail = grep { !$todo{$_} } @bad;
my @open = grep { $todo{$_} } @bad;
print "1..", 2 + @open, "\n";
print "ok 1 - ", scalar(@files), " source files read\n";
if (@fail) { print "not ok 2 - the layers hold\n"; print "#   $_\n" for @fail }
else { print "ok 2 - the layers hold: no upward include, no cycle", (@open ? " (but the TODOs below)" : ""), "\n" }
my $i = 2;
print "not ok ", ++$i, " - $_ # TODO being mended by the structure issue\n" for @open;
'
