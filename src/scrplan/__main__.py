from scrplan.cli import main

main()
