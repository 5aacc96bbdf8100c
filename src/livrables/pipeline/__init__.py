"""Planning and running a build: which outputs, rendered how, written where."""
