from papercli.cli.main import main

main()
