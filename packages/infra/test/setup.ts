// A cdktf dependency calls util.isArray (DEP0044); the warning says nothing about our code.
process.noDeprecation = true;
